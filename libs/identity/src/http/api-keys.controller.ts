import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiEscalationDenied, ApiProblems, CurrentPrincipal, PageOf, PageQuery, UuidParam } from '@keyward/core';
import { Page, Principal, userActor } from '@keyward/kernel';
import { ApiKeyView } from '../domain/api-key';
import { CreateApiKeyInteractor } from '../interactors/commands/create-api-key/create-api-key.interactor';
import { DeleteApiKeyInteractor } from '../interactors/commands/delete-api-key/delete-api-key.interactor';
import { UpdateApiKeyInteractor } from '../interactors/commands/update-api-key/update-api-key.interactor';
import { ListApiKeysInteractor } from '../interactors/queries/list-api-keys/list-api-keys.interactor';
import { ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse, UpdateApiKeyRequest } from './dto/api-key.dto';

const SCOPE_NOT_HELD =
  'the scope lists a permission the caller lacks, or the caller, being a scoped key, asks for an unscoped one';

@ApiTags('api keys')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly listKeys: ListApiKeysInteractor,
    private readonly createKey: CreateApiKeyInteractor,
    private readonly updateKey: UpdateApiKeyInteractor,
    private readonly deleteKey: DeleteApiKeyInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  @ApiProblems(400, 401)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<ApiKeyView>> {
    return this.listKeys.execute({ userId: principal.userId, page });
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key, optionally limited to some permissions; the key is in this response only',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiProblems(400, 401)
  @ApiEscalationDenied(SCOPE_NOT_HELD, 'never (own keys)')
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyRequest): Promise<CreatedApiKeyResponse> {
    const actor = userActor(principal.userId);
    return this.createKey.execute({ actor, userId: principal.userId, ...body });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, deactivate or re-activate an API key' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiProblems(400, 401, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'API key') id: string,
    @Body() body: UpdateApiKeyRequest,
  ): Promise<ApiKeyView> {
    return this.updateKey.execute({ actor: userActor(principal.userId), userId: principal.userId, id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an API key' })
  @ApiNoContentResponse()
  @ApiProblems(401, 404)
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'API key') id: string): Promise<void> {
    await this.deleteKey.execute({ actor: userActor(principal.userId), userId: principal.userId, id });
  }
}
