import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;
  @ApiProperty({ example: 'must be an email' })
  message!: string;
}

/** RFC 9457 problem details as Keyward sends them (Content-Type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:keyward:problem:validation-failed' })
  type!: string;
  @ApiProperty({ example: 'Bad Request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'email: must be an email' })
  detail!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code!: string;
  @ApiProperty({ example: '4f7d3c1e-2a7b-4c39-9f7e-0c1e2d3f4a5b' })
  requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED or a more specific code)',
  401: 'Missing or invalid credentials (UNAUTHENTICATED)',
  403: 'Not allowed (FORBIDDEN)',
  404: 'Not found (NOT_FOUND)',
  409: 'Conflict',
  413: 'Body too large (PAYLOAD_TOO_LARGE)',
  429: 'Rate limited (RATE_LIMITED); see Retry-After',
  503: 'A dependency is unavailable or too slow (SERVICE_UNAVAILABLE); see Retry-After',
};

/** Documents the problem-details responses a route can give, e.g. `@ApiProblems(400, 401, 404)`. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}
