import { Injectable } from '@nestjs/common';
import { Page, pageOf, PageRequest } from '@keyward/kernel';
import { ALL_PERMISSIONS, PERMISSIONS } from '../../../domain/permissions';

@Injectable()
export class ListPermissionsInteractor {
  execute(query: PageRequest): Page<{ name: string; description: string }> {
    return pageOf(
      ALL_PERMISSIONS.map((name) => ({ name, description: PERMISSIONS[name] })),
      query,
    );
  }
}
