import { BadRequestException, Body, Controller, Get, HttpCode, HttpException, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemResponseDto, ValidationResultDto } from '../dtos/job.dto';
import { CatalogService } from '../services/catalog.service';
import { ScenarioIntakeService } from '../services/scenario-intake.service';
import { scenarioSchema } from '../../jobs/runner-adapter';
import { YAML_CONTENT_TYPES } from '../body-parsers';

export function problemException(status: number, message: string, problems: unknown[]): HttpException {
  const error = status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : status === 422 ? 'Unprocessable Entity' : 'Error';
  return new HttpException({ statusCode: status, error, message, problems }, status);
}

@ApiTags('scenarios')
@Controller('scenarios')
export class ScenariosController {
  constructor(
    private readonly intake: ScenarioIntakeService,
    private readonly catalog: CatalogService,
  ) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a scenario (JSON or YAML) without running it; lists every problem with its path' })
  @ApiBody({ description: `A scenario as JSON, as YAML (${YAML_CONTENT_TYPES.join(', ')}), or {name, overrides} of a shipped scenario`, schema: { type: 'object' } })
  @ApiOkResponse({ type: ValidationResultDto })
  @ApiResponse({ status: 400, type: ProblemResponseDto, description: 'Invalid scenario: every problem with its path' })
  @ApiResponse({ status: 422, type: ProblemResponseDto, description: 'Valid but above the limits of this server' })
  validate(@Body() body: unknown): ValidationResultDto {
    const result = this.intake.intake(body, false);
    if (!result.ok) throw problemException(result.status, result.message, result.problems);
    return { valid: true, name: result.submission.scenarioName, estimatedCost: result.cost };
  }

  @Get()
  @ApiOperation({ summary: 'Shipped scenarios (POST /jobs with {name, overrides} runs one)' })
  list(): unknown[] {
    return this.catalog.listScenarios();
  }

  @Get('schema')
  @ApiOperation({ summary: 'JSON Schema of a scenario file' })
  schema(): unknown {
    try {
      return scenarioSchema();
    } catch (err) {
      throw new BadRequestException(`scenario schema unavailable: ${(err as Error).message}`);
    }
  }
}
