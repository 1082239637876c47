/**
 * Request and response shapes of the API as zod schemas; nestjs-zod turns them into DTO classes
 * for validation and for the OpenAPI document at /docs.
 */
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const problemSchema = z.object({
  file: z.string().describe('File (or request.json / request.yaml) the problem is in'),
  path: z.string().describe('Dotted path of the field inside it, or a line and column'),
  message: z.string().describe('What is wrong and what is accepted'),
});

export const problemResponseSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  problems: z.array(problemSchema).describe('Every problem found, not only the first'),
});
export class ProblemResponseDto extends createZodDto(problemResponseSchema) {}

export const shippedScenarioRequestSchema = z.object({
  name: z.string().min(1).describe('Name of a shipped scenario (GET /scenarios)'),
  overrides: z.record(z.string(), z.unknown()).optional().describe('Fields merged onto the shipped scenario (mappings merge, other values replace)'),
  fields: z.boolean().optional().describe('Also write VTU field snapshots'),
});
export class ShippedScenarioRequestDto extends createZodDto(shippedScenarioRequestSchema) {}

const progressSchema = z.object({
  seq: z.number().int(),
  phase: z.string(),
  time: z.number().describe('Simulated time [s]'),
  fraction: z.number().min(0).max(1),
  force: z.number().optional().describe('Indenter force [N]'),
  voltage: z.number().optional().describe('Terminal voltage [V]'),
  maxTemperature: z.number().optional().describe('Maximum temperature [K]'),
});

const runEventSchema = z.object({
  kind: z.string(),
  time: z.number().describe('Simulated time [s]'),
  message: z.string(),
  data: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
});

export const jobStateSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

export const jobRecordSchema = z.object({
  id: z.uuid(),
  state: jobStateSchema,
  scenarioName: z.string(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  attempts: z.number().int().describe('Solve attempts started (more than 1 after a restart or a lost worker)'),
  progress: progressSchema.optional(),
  events: z.array(z.object({ seq: z.number().int(), event: runEventSchema })),
  reason: z.string().optional().describe('Why the job failed or was cancelled'),
  summary: z
    .object({ status: z.string(), results: z.record(z.string(), z.unknown()), files: z.array(z.string()) })
    .loose()
    .optional()
    .describe('Headline of summary.json (the whole file: GET /jobs/{id}/summary)'),
  lastSeq: z.number().int().describe('Last SSE event id emitted for this job'),
});
export class JobRecordDto extends createZodDto(jobRecordSchema) {}

export const jobAcceptedSchema = z.object({
  id: z.uuid(),
  state: jobStateSchema,
  scenarioName: z.string(),
  estimatedCost: z.object({ elements: z.number().int(), simulatedTimeS: z.number() }),
  links: z.object({ self: z.string(), events: z.string(), summary: z.string() }),
});
export class JobAcceptedDto extends createZodDto(jobAcceptedSchema) {}

export const listJobsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Most recent jobs to list'),
});
export class ListJobsQueryDto extends createZodDto(listJobsQuerySchema) {}

export const validationResultSchema = z.object({
  valid: z.literal(true),
  name: z.string(),
  estimatedCost: z.object({ elements: z.number().int(), simulatedTimeS: z.number() }),
});
export class ValidationResultDto extends createZodDto(validationResultSchema) {}
