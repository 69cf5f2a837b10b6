import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Page } from '@keyward/kernel';
import { DecimalInteger } from './validators';

/** `?limit=&offset=` as every list route takes them: limit 1..200 (default 50), offset >= 0. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(0)
  // Beyond this the number is no longer exact, and the databases refuse it (a 500 instead of a 400).
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;
}

/** Swagger schema for a page of `item`, named `<Item>Page`. */
export function PageOf<T>(item: new () => T): new () => Page<T> {
  class PageDto {
    @ApiProperty({ type: [item] })
    items!: T[];
    @ApiProperty({ example: 1 })
    total!: number;
    @ApiProperty({ example: 50 })
    limit!: number;
    @ApiProperty({ example: 0 })
    offset!: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Response$|Dto$/, '')}Page` });
  return PageDto;
}
