/**
 * Starting the API server (`batsafe serve`) and a scale-out worker (`batsafe worker`).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'net';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import pino from 'pino';
import { ApiModule, WorkerModule } from './app.module';
import { bodyParsers } from './body-parsers';
import type { ServerConfig, WorkerConfig } from './config';

export interface RunningServer {
  app: INestApplication;
  url: string;
}

export async function startApiServer(config: ServerConfig): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, role: 'api' } });
  const app = await NestFactory.create(ApiModule.forRoot(config, logger), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(bodyParsers(config.maxBodyBytes));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('batsafe API')
      .setDescription('Lithium-ion cell and pack abuse simulation as durable jobs: submit a scenario, follow its progress, fetch its results.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  // Always printed, whatever the log level: scripts and tests read the URL from it.
  logger.child({}, { level: 'info' }).info({ url, mode: config.redisUrl ? 'redis' : 'embedded', dataDir: config.dataDir, solveThreads: config.solveThreads, maxActiveJobs: config.maxActiveJobs }, 'listening');
  return { app, url };
}

export async function startSolveWorker(config: WorkerConfig): Promise<INestApplicationContext> {
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, role: 'worker' } });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
