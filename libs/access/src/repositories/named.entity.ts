import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns of a named record, shared by teams and visibility groups: a unique name, a description and
 * timestamps. Not an entity itself: each subclass is a table of its own with these columns.
 */
export abstract class NamedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}
