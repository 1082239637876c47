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
import { z } from 'zod';
import { cellScenarioSchema } from '../scenario/schema';
import { ApiModule, WorkerModule } from './app.module';
import { bodyParsers } from './body-parsers';
import type { ServerConfig, WorkerConfig } from './config';

export interface RunningServer {
  app: INestApplication;
  url: string;
}

export async function startApiServer(config: ServerConfig): Promise<RunningServer> {
  // The API token must never reach the logs (pino-http logs request headers).
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, role: 'api' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
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
  addScenarioSchema(document);
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  // Always printed, whatever the log level: scripts and tests read the URL from it.
  logger.child({}, { level: 'info' }).info({ url, mode: config.redisUrl ? 'redis' : 'embedded', dataDir: config.dataDir, solveThreads: config.solveThreads, maxActiveJobs: config.maxActiveJobs }, 'listening');
  return { app, url };
}

/**
 * The scenario body of POST /jobs and POST /scenarios/validate, generated from the same zod schema
 * that validates scenario files (src/scenario/schema.ts), as an OpenAPI 3.0 component.
 */
function addScenarioSchema(document: ReturnType<typeof SwaggerModule.createDocument>): void {
  const scenario = z.toJSONSchema(cellScenarioSchema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  document.components = document.components ?? {};
  document.components.schemas = { ...(document.components.schemas ?? {}), CellScenario: scenario as Record<string, unknown> };
  const ref = { $ref: '#/components/schemas/CellScenario' };
  for (const [route, method] of [['/jobs', 'post'], ['/scenarios/validate', 'post']] as const) {
    const body = document.paths[route]?.[method]?.requestBody;
    if (body && 'content' in body) {
      body.content = {
        'application/json': { schema: { oneOf: [ref, { $ref: '#/components/schemas/ShippedScenarioRequestDto' }] } },
        'application/yaml': { schema: { type: 'string', description: 'The same scenario as YAML text' } },
      };
    }
  }
}

export async function startSolveWorker(config: WorkerConfig): Promise<INestApplicationContext> {
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, role: 'worker' } });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
