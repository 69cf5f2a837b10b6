import { Injectable } from '@nestjs/common';
import { ResourceView, toResourceView } from '../../../domain/resource';
import { Callers } from '../../shared/caller';

@Injectable()
export class GetResourceInteractor {
  constructor(private readonly callers: Callers) {}

  async execute(query: { actorId: string; resourceId: string }): Promise<ResourceView> {
    return toResourceView(await this.callers.visibleResource(query.actorId, query.resourceId));
  }
}
