import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { RoleRepository } from '../../../domain/ports';
import { RoleView, toRoleView } from '../../../domain/role';

@Injectable()
export class ListRolesInteractor {
  constructor(private readonly roles: RoleRepository) {}

  async execute(query: PageRequest): Promise<Page<RoleView>> {
    const page = await this.roles.list(query);
    return { ...page, items: page.items.map(toRoleView) };
  }
}
