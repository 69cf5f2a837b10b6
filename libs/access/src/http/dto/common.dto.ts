import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, Trim } from '@keyward/core';

/** Role names as accounts hold them (identity checks the same shape on PUT /users/{id}/roles). */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
export const ROLE_NAME_MESSAGE = 'must start with a lower-case letter and hold only a-z, 0-9, _ and - (64 at most)';

/** A required display name: trimmed, 1 to `max` characters. */
export const DisplayName = (max: number, example: string) =>
  applyDecorators(ApiProperty({ example, maxLength: max }), Trim(), IsString(), Length(1, max));

/** The same, optional on PATCH (null refused). */
export const OptionalDisplayName = (max: number, example: string) =>
  applyDecorators(
    ApiPropertyOptional({ example, maxLength: max }),
    IsOptionalNotNull(),
    Trim(),
    IsString(),
    Length(1, max),
  );

export const Description = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 }),
    IsOptional(),
    IsString(),
    MaxLength(500),
  );

export const RoleNames = () =>
  applyDecorators(Matches(ROLE_NAME, { each: true, message: `each role ${ROLE_NAME_MESSAGE}` }));

/**
 * The fields every team and visibility group answer carries (`example`: a name for the docs). Answers extend it
 * with what they add, and @nestjs/swagger still documents each one as a single flat object.
 */
export function NamedResponse(example: string) {
  class NamedResponse {
    @ApiProperty({ format: 'uuid' })
    id!: string;
    @ApiProperty({ example })
    name!: string;
    @ApiProperty({ nullable: true, type: String })
    description!: string | null;
    @ApiProperty({ format: 'date-time' })
    createdAt!: string;
    @ApiProperty({ format: 'date-time' })
    updatedAt!: string;
  }
  return NamedResponse;
}
