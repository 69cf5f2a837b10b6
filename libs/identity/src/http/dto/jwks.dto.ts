import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A public key (RFC 7517): EC P-256 (ES256) or RSA (RS256). */
export class PublicJwkResponse {
  @ApiProperty({ enum: ['EC', 'RSA'] })
  kty!: string;

  @ApiProperty({ description: 'The key id that access tokens name in their `kid` header (RFC 7638 thumbprint)' })
  kid!: string;

  @ApiProperty({ enum: ['ES256', 'RS256'] })
  alg!: string;

  @ApiProperty({ enum: ['sig'] })
  use!: string;

  @ApiPropertyOptional({ description: 'EC curve', example: 'P-256' })
  crv?: string;

  @ApiPropertyOptional({ description: 'EC x coordinate, base64url' })
  x?: string;

  @ApiPropertyOptional({ description: 'EC y coordinate, base64url' })
  y?: string;

  @ApiPropertyOptional({ description: 'RSA modulus, base64url' })
  n?: string;

  @ApiPropertyOptional({ description: 'RSA public exponent, base64url' })
  e?: string;
}

export class JwksResponse {
  @ApiProperty({ type: [PublicJwkResponse] })
  keys!: PublicJwkResponse[];
}
