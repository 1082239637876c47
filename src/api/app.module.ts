/**
 * Root modules, as in Immich: ApiModule (HTTP controllers, guards, the job backend) and
 * WorkerModule (`batsafe worker`: the same shared services plus the BullMQ solve worker, no
 * controllers). Both take their configuration as arguments, so a test or a script can build them.
 */
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import type { Logger as PinoLogger } from 'pino';
import type { Queue } from 'bullmq';
import { BullmqJobBackend } from '../jobs/bullmq-job-backend';
import { SOLVE_QUEUE } from '../jobs/bullmq-shared';
import { SolveWorker } from '../jobs/bullmq-worker';
import { EmbeddedJobBackend } from '../jobs/embedded-job-backend';
import type { JobBackend } from '../jobs/job-types';
import { ApiTokenGuard } from './api-token.guard';
import type { ServerConfig, WorkerConfig } from './config';
import { CatalogController } from './controllers/catalog.controller';
import { HealthController } from './controllers/health.controller';
import { JobsController } from './controllers/jobs.controller';
import { ScenariosController } from './controllers/scenarios.controller';
import { CatalogService } from './services/catalog.service';
import { ScenarioIntakeService } from './services/scenario-intake.service';
import { JOB_BACKEND, ROOT_LOGGER, SERVER_CONFIG, WORKER_CONFIG } from './tokens';

function loggingImports(logger: PinoLogger): DynamicModule[] {
  return [
    LoggerModule.forRoot({
      pinoHttp: {
        logger,
        // Health probes would drown the log; everything else is logged with its request id.
        autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      },
    }),
  ];
}

/** Closes the job backend (stops the solve pool, closes SQLite or Redis) on shutdown. */
@Injectable()
class BackendLifecycle implements OnApplicationShutdown {
  constructor(@Inject(JOB_BACKEND) private readonly backend: JobBackend) {}
  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: ServerConfig, logger: PinoLogger): DynamicModule {
    const redis = config.redisUrl;
    const backendProvider: Provider = redis
      ? {
          provide: JOB_BACKEND,
          inject: [getQueueToken(SOLVE_QUEUE)],
          useFactory: (queue: Queue) =>
            new BullmqJobBackend({ queue, redisUrl: redis, dataDir: config.dataDir, maxActiveJobs: config.maxActiveJobs, maxAttempts: config.maxAttempts, logger }),
        }
      : {
          provide: JOB_BACKEND,
          useFactory: () =>
            new EmbeddedJobBackend({ dataDir: config.dataDir, poolSize: config.solveThreads, maxActiveJobs: config.maxActiveJobs, maxAttempts: config.maxAttempts, logger }),
        };
    return {
      module: ApiModule,
      imports: [
        ...loggingImports(logger),
        TerminusModule,
        ...(redis ? [BullModule.forRoot({ connection: { url: redis, maxRetriesPerRequest: null } }), BullModule.registerQueue({ name: SOLVE_QUEUE })] : []),
      ],
      controllers: [JobsController, ScenariosController, CatalogController, HealthController],
      providers: [
        { provide: SERVER_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        backendProvider,
        BackendLifecycle,
        ScenarioIntakeService,
        CatalogService,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_GUARD, useClass: ApiTokenGuard },
      ],
    };
  }
}

@Injectable()
class SolveWorkerLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly worker: SolveWorker;
  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig, @Inject(ROOT_LOGGER) logger: PinoLogger) {
    this.worker = new SolveWorker({ ...config, logger });
  }
  onModuleInit(): Promise<void> {
    return this.worker.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.worker.close();
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, logger: PinoLogger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...loggingImports(logger)],
      providers: [{ provide: WORKER_CONFIG, useValue: config }, { provide: ROOT_LOGGER, useValue: logger }, SolveWorkerLifecycle],
    };
  }
}
