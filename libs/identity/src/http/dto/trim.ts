export { Trim } from '@keyward/core';
