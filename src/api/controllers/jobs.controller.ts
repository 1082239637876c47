import * as fs from 'fs';
import * as path from 'path';
import type { IncomingMessage, ServerResponse } from 'http';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JobBackend, JobLimitError, JobRecord, JobStreamEntry, isTerminal, JOB_ID_PATTERN, terminalEntryOf } from '../../jobs/job-types';
import { FIELD_FILE_PATTERN, resolveInside } from '../../jobs/result-store';
import { JobAcceptedDto, JobRecordDto, ListJobsQueryDto, ProblemResponseDto, ShippedScenarioRequestDto } from '../dtos/job.dto';
import { ScenarioIntakeService } from '../services/scenario-intake.service';
import { JOB_BACKEND } from '../tokens';
import { problemException } from './scenarios.controller';
import { YAML_CONTENT_TYPES } from '../body-parsers';

/** Seconds suggested to a client refused with 429. */
const RETRY_AFTER_S = 5;
const SSE_HEARTBEAT_MS = 15_000;

@ApiTags('jobs')
@ApiBearerAuth()
@ApiExtraModels(ShippedScenarioRequestDto)
@Controller('jobs')
export class JobsController {
  constructor(
    @Inject(JOB_BACKEND) private readonly backend: JobBackend,
    private readonly intake: ScenarioIntakeService,
  ) {}

  private async record(id: string): Promise<JobRecord> {
    const job = JOB_ID_PATTERN.test(id) ? await this.backend.get(id) : undefined;
    if (!job) throw new NotFoundException(`no job with id '${id}'`);
    return job;
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a scenario; it runs in the background. ?fields=true also writes VTU field snapshots' })
  @ApiBody({ description: `A scenario as JSON (GET /scenarios/schema), as YAML text (${YAML_CONTENT_TYPES.join(', ')}), or {name, overrides, fields} of a shipped scenario`, schema: { type: 'object' } })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiResponse({ status: 400, type: ProblemResponseDto, description: 'Invalid scenario: every problem with its path' })
  @ApiResponse({ status: 422, type: ProblemResponseDto, description: 'Above the mesh-size or simulated-time limit' })
  @ApiResponse({ status: 429, description: 'Concurrent-job limit reached (Retry-After given)' })
  async submit(@Body() body: unknown, @Query('fields') fields: string | undefined, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse): Promise<JobAcceptedDto> {
    if (body === undefined && Number(req.headers['content-length'] ?? 0) > 0) {
      throw new UnsupportedMediaTypeException(`unsupported Content-Type '${req.headers['content-type'] ?? ''}': send application/json or one of ${YAML_CONTENT_TYPES.join(', ')}`);
    }
    const result = this.intake.intake(body, fields === 'true' || fields === '1');
    if (!result.ok) throw problemException(result.status, result.message, result.problems);
    let job: JobRecord;
    try {
      job = await this.backend.submit(result.submission);
    } catch (err) {
      if (err instanceof JobLimitError) {
        res.setHeader('Retry-After', String(RETRY_AFTER_S));
        throw new HttpException({ statusCode: err.httpStatus, error: 'Too Many Requests', message: err.message }, err.httpStatus);
      }
      throw err;
    }
    res.setHeader('Location', `/jobs/${job.id}`);
    return {
      id: job.id,
      state: job.state,
      scenarioName: job.scenarioName,
      estimatedCost: result.cost,
      links: { self: `/jobs/${job.id}`, events: `/jobs/${job.id}/events`, summary: `/jobs/${job.id}/summary` },
    };
  }

  @Get()
  @ApiOperation({ summary: 'Most recent jobs, newest first' })
  @ApiOkResponse({ type: [JobRecordDto] })
  list(@Query() query: ListJobsQueryDto): Promise<JobRecord[]> {
    return this.backend.list(query.limit);
  }

  @Get(':id')
  @ApiOperation({ summary: 'State, latest progress and run events so far (polling alternative to /events)' })
  @ApiOkResponse({ type: JobRecordDto })
  get(@Param('id') id: string): Promise<JobRecord> {
    return this.record(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a queued or running job (partial results are kept)' })
  @ApiOkResponse({ type: JobRecordDto })
  async cancel(@Param('id') id: string): Promise<JobRecord> {
    const job = await this.record(id);
    if (isTerminal(job.state)) throw new ConflictException(`job ${id} has already ended (${job.state})`);
    return (await this.backend.cancel(id)) ?? job;
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'Server-Sent Events: progress, event, then one of completed | failed | cancelled. Each has an id; reconnect with Last-Event-ID (or ?lastEventId=) to resume',
  })
  @ApiProduces('text/event-stream')
  async events(@Param('id') id: string, @Query('lastEventId') lastEventIdQuery: string | undefined, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const header = req.headers['last-event-id'];
    const lastEventId = Number((Array.isArray(header) ? header[0] : header) ?? lastEventIdQuery ?? 0);
    if (!Number.isFinite(lastEventId) || lastEventId < 0) throw new BadRequestException('Last-Event-ID must be a non-negative number');
    await this.record(id);

    let lastSent = lastEventId;
    let ended = false;
    const buffered: JobStreamEntry[] = [];
    let replaying = true;
    const write = (entry: JobStreamEntry): void => {
      if (ended || entry.seq <= lastSent) return;
      lastSent = entry.seq;
      res.write(`id: ${entry.seq}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry.data)}\n\n`);
      if (entry.type === 'completed' || entry.type === 'failed' || entry.type === 'cancelled') finish();
    };
    const unsubscribe = this.backend.subscribe(id, (entry) => (replaying ? buffered.push(entry) : write(entry)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    function finish(): void {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    }
    req.on('close', finish);

    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    // Subscribed first, then read the record: nothing emitted in between is lost (seq dedupes).
    const job = await this.record(id);
    const replay: JobStreamEntry[] = job.events.map((e) => ({ seq: e.seq, type: 'event' as const, data: e.event }));
    if (job.progress) {
      const { seq, ...snapshot } = job.progress;
      replay.push({ seq, type: 'progress', data: snapshot });
    }
    const terminal = terminalEntryOf(job);
    if (terminal) replay.push(terminal);
    replay.sort((a, b) => a.seq - b.seq);
    for (const entry of replay) write(entry);
    replaying = false;
    for (const entry of buffered.sort((a, b) => a.seq - b.seq)) write(entry);
    if (terminal) finish();
  }

  private async sendResultFile(id: string, relative: string, contentType: string, res: ServerResponse): Promise<void> {
    const job = await this.record(id);
    const file = resolveInside(this.backend.resultDirectory(id), relative);
    if (!file) {
      if (!isTerminal(job.state)) throw new ConflictException(`job ${id} is ${job.state}; its results appear when it ends`);
      throw new NotFoundException(`job ${id} (${job.state}) has no ${relative}`);
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': fs.statSync(file).size, 'X-Content-Type-Options': 'nosniff' });
    fs.createReadStream(file).pipe(res);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: 'summary.json of the run (status, events, verdicts, EUCAR level, margins, diagnostics, provenance)' })
  @ApiProduces('application/json')
  summary(@Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    return this.sendResultFile(id, 'summary.json', 'application/json; charset=utf-8', res);
  }

  @Get(':id/timeseries')
  @ApiOperation({ summary: 'timeseries.csv (headers with units in brackets)' })
  @ApiProduces('text/csv')
  timeseries(@Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    return this.sendResultFile(id, 'timeseries.csv', 'text/csv; charset=utf-8', res);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'report.html (static, self-contained)' })
  @ApiProduces('text/html')
  report(@Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    return this.sendResultFile(id, 'report.html', 'text/html; charset=utf-8', res);
  }

  @Get(':id/fields/:name')
  @ApiOperation({ summary: 'One field snapshot file (VTU) written with ?fields=true; plain file names only' })
  @ApiProduces('application/octet-stream')
  async field(@Param('id') id: string, @Param('name') name: string, @Res() res: ServerResponse): Promise<void> {
    if (!FIELD_FILE_PATTERN.test(name) || name.includes('..')) throw new BadRequestException(`'${name}' is not a field file name (letters, digits, '.', '_', '-')`);
    const dir = this.backend.resultDirectory((await this.record(id)).id);
    const relative = fs.existsSync(path.join(dir, 'fields')) ? path.join('fields', name) : name;
    const type = name.endsWith('.vtu') || name.endsWith('.pvd') ? 'application/xml' : 'application/octet-stream';
    return this.sendResultFile(id, relative, type, res);
  }
}
