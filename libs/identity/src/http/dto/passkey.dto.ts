import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@keyward/core';
import { Trim } from './trim';

// The JSON forms of WebAuthn's PublicKeyCredential (WebAuthn Level 3, `toJSON()`): binary fields are base64url.
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const Base64Url = (maxLength: number) =>
  applyDecorators(IsString(), MaxLength(maxLength), Matches(BASE64URL, { message: 'must be base64url' }));

class AttestationResponse {
  @ApiProperty({ description: 'base64url' })
  @Base64Url(8192)
  clientDataJSON!: string;
  @ApiProperty({ description: 'base64url' })
  @Base64Url(65536)
  attestationObject!: string;
  @ApiPropertyOptional({ description: 'base64url' })
  @IsOptional()
  @Base64Url(65536)
  authenticatorData?: string;
  @ApiPropertyOptional({ type: [String], example: ['internal', 'hybrid'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transports?: string[];
  @ApiPropertyOptional({ example: -7 })
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;
  @ApiPropertyOptional({ description: 'base64url SubjectPublicKeyInfo' })
  @IsOptional()
  @Base64Url(8192)
  publicKey?: string;
}

class AssertionResponse {
  @ApiProperty({ description: 'base64url' })
  @Base64Url(8192)
  clientDataJSON!: string;
  @ApiProperty({ description: 'base64url' })
  @Base64Url(65536)
  authenticatorData!: string;
  @ApiProperty({ description: 'base64url' })
  @Base64Url(8192)
  signature!: string;
  @ApiPropertyOptional({ description: 'base64url', nullable: true, type: String })
  @IsOptional()
  @Base64Url(1024)
  userHandle?: string | null;
}

/** What both kinds of credential response share. */
class CredentialJson {
  @ApiProperty({ description: 'The credential id, base64url' })
  @Base64Url(1400)
  @IsNotEmpty()
  id!: string;
  @ApiProperty({ description: 'The same id, base64url' })
  @Base64Url(1400)
  rawId!: string;
  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type!: 'public-key';
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Extension outputs, as the browser gives them',
  })
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;
}

export class RegistrationResponseJson extends CredentialJson {
  @ApiProperty({ type: AttestationResponse })
  @ValidateNested()
  @Type(() => AttestationResponse)
  @IsObject()
  response!: AttestationResponse;
}

export class AuthenticationResponseJson extends CredentialJson {
  @ApiProperty({ type: AssertionResponse })
  @ValidateNested()
  @Type(() => AssertionResponse)
  @IsObject()
  response!: AssertionResponse;
}

export class RegisterPasskeyRequest {
  @ApiProperty({ example: 'work laptop', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    type: RegistrationResponseJson,
    description: "The browser's registration response (credential.toJSON())",
  })
  @ValidateNested()
  @Type(() => RegistrationResponseJson)
  @IsObject()
  response!: RegistrationResponseJson;
}

export class PasskeyLoginOptionsRequest {
  @ApiPropertyOptional({
    example: 'ada@example.com',
    description: "Limit the login to this account's passkeys; without it, the browser offers every passkey it holds",
  })
  @IsOptionalNotNull()
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email?: string;
}

export class PasskeyLoginRequest {
  @ApiProperty({ format: 'uuid', description: 'From POST /passkeys/authentication/options' })
  @IsUUID('all', { message: 'must be a UUID' })
  challengeId!: string;

  @ApiProperty({
    type: AuthenticationResponseJson,
    description: "The browser's authentication response (credential.toJSON())",
  })
  @ValidateNested()
  @Type(() => AuthenticationResponseJson)
  @IsObject()
  response!: AuthenticationResponseJson;
}

export class PasskeyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'work laptop' })
  name!: string;
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ nullable: true, type: String })
  lastUsedAt!: string | null;
}

class RelyingParty {
  @ApiProperty({ example: 'Keyward' })
  name!: string;
  @ApiPropertyOptional({ example: 'keyward.example.com' })
  id?: string;
}

class CredentialDescriptorJson {
  @ApiProperty({ description: 'base64url' })
  id!: string;
  @ApiProperty({ enum: ['public-key'] })
  type!: string;
  @ApiPropertyOptional({ type: [String] })
  transports?: string[];
}

/** PublicKeyCredentialCreationOptionsJSON, for `PublicKeyCredential.parseCreationOptionsFromJSON()`. */
export class PasskeyCreationOptionsResponse {
  @ApiProperty({ type: RelyingParty })
  rp!: RelyingParty;
  @ApiProperty({
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, displayName: { type: 'string' } },
    description: 'id: base64url user handle',
  })
  user!: { id: string; name: string; displayName: string };
  @ApiProperty({ description: 'base64url; single-use, valid 5 minutes' })
  challenge!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  pubKeyCredParams!: object[];
  @ApiPropertyOptional({ example: 300000 })
  timeout?: number;
  @ApiPropertyOptional({ type: [CredentialDescriptorJson], description: 'Passkeys the account already has' })
  excludeCredentials?: CredentialDescriptorJson[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  authenticatorSelection?: object;
  @ApiPropertyOptional({ example: 'none' })
  attestation?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  extensions?: object;
  @ApiPropertyOptional({ type: [String], example: [], description: 'Which kind of authenticator to offer first' })
  hints?: string[];
}

/** PublicKeyCredentialRequestOptionsJSON plus the id to send the answer with. */
export class PasskeyRequestOptionsResponse {
  @ApiProperty({ format: 'uuid', description: 'Send it back with the response to POST /passkeys/authentication' })
  challengeId!: string;
  @ApiProperty({ description: 'base64url; single-use, valid 5 minutes' })
  challenge!: string;
  @ApiPropertyOptional({ example: 300000 })
  timeout?: number;
  @ApiPropertyOptional({ example: 'keyward.example.com' })
  rpId?: string;
  @ApiPropertyOptional({ type: [CredentialDescriptorJson] })
  allowCredentials?: CredentialDescriptorJson[];
  @ApiPropertyOptional({ example: 'required' })
  userVerification?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  extensions?: object;
  @ApiPropertyOptional({ type: [String], example: [] })
  hints?: string[];
}
