import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { JobBackend } from '../../jobs/job-types';
import { JOB_BACKEND } from '../tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(JOB_BACKEND) private readonly backend: JobBackend,
  ) {}

  private liveness(): HealthIndicatorResult<'process'> {
    return this.indicators.check('process').up({ pid: process.pid, uptimeS: Math.round(process.uptime()) });
  }

  private async readiness(): Promise<HealthIndicatorResult<'jobs'>> {
    const session = this.indicators.check('jobs');
    const { ok, details } = await this.backend.readiness();
    return ok ? session.up(details) : session.down(details);
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness (job backend: SQLite and solve threads, or Redis and workers)' })
  check() {
    return this.health.check([() => this.liveness(), () => this.readiness()]);
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness only: the process answers' })
  live() {
    return this.health.check([() => this.liveness()]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness only: jobs can be accepted and run' })
  ready() {
    return this.health.check([() => this.readiness()]);
  }
}
