import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { toUserView, UserView } from '../../../domain/user';

@Injectable()
export class ListUsersInteractor {
  constructor(private readonly users: UserRepository) {}

  /** `email` matches any part of the address, case-insensitively. */
  async execute(query: { email?: string; page: PageRequest }): Promise<Page<UserView>> {
    const page = await this.users.list({ email: query.email }, query.page);
    return { ...page, items: page.items.map(toUserView) };
  }
}
