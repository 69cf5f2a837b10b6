import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { ChangePasswordInteractor } from '../interactors/commands/change-password/change-password.interactor';
import { DeleteAccountInteractor } from '../interactors/commands/delete-account/delete-account.interactor';
import { UpdateProfileInteractor } from '../interactors/commands/update-profile/update-profile.interactor';
import { GetMeInteractor } from '../interactors/queries/get-me/get-me.interactor';
import { AllowedBeforeMfaEnrolment } from './guards/mfa-enrolment.guard';
import { ChangePasswordRequest, DeleteMeRequest, MeResponse, UpdateMeRequest } from './dto/me.dto';

@ApiTags('me')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('me')
export class MeController {
  constructor(
    private readonly getMe: GetMeInteractor,
    private readonly updateProfile: UpdateProfileInteractor,
    private readonly changePassword: ChangePasswordInteractor,
    private readonly deleteAccount: DeleteAccountInteractor,
  ) {}

  @Get()
  @AllowedBeforeMfaEnrolment()
  @ApiOperation({ summary: 'The caller: profile, roles, effective permissions and teams' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.getMe.execute({ userId: principal.userId });
  }

  @Patch()
  @ApiOperation({ summary: 'Change the display name' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(400, 401)
  async update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeRequest): Promise<MeResponse> {
    await this.updateProfile.execute({ userId: principal.userId, name: body.name });
    return this.getMe.execute({ userId: principal.userId });
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password; every other session is revoked' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401)
  async password(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordRequest): Promise<void> {
    await this.changePassword.execute({ userId: principal.userId, currentSessionId: principal.sessionId, ...body });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete the account, with its sessions and API keys (password required)',
    description: 'The last active administrator cannot delete their account (409 LAST_ADMIN).',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 409)
  async remove(@CurrentPrincipal() principal: Principal, @Body() body: DeleteMeRequest): Promise<void> {
    await this.deleteAccount.execute({ userId: principal.userId, password: body.password });
  }
}
