import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@keyward/core';
import { AdminGuard } from './admin-guard';
import { AdminPageFilter } from './admin-page.filter';

/**
 * A controller of panel pages under `<ROOT_PATH>/admin`: HTML, so not in the OpenAPI document; public to the
 * API's bearer-token guard, because the panel authenticates with its own cookie (AdminGuard); errors rendered as
 * pages (AdminPageFilter).
 */
export const AdminController = (path = '') =>
  applyDecorators(
    Controller(path ? `admin/${path}` : 'admin'),
    ApiExcludeController(),
    Public(),
    UseGuards(AdminGuard),
    UseFilters(AdminPageFilter),
  );
