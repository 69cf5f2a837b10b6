import { RotatedRefreshTokenEntity } from './embedded/rotated-refresh-token.entity';
import { SessionEntity } from './embedded/session.entity';

/** TypeORM entities owned by core; the composed app adds them to its DataSource. */
export const coreEntities = [SessionEntity, RotatedRefreshTokenEntity];
