import 'reflect-metadata';
import { Logger } from '@nestjs/common';

// Outside an application (repository and session-store tests) Nest's console logger would print debug lines;
// applications started by the tests install their own logger.
Logger.overrideLogger(['error', 'warn']);
