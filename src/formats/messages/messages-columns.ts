import { deriveSchemaColumns, type Column } from '../arrow/arrow-columns.js';

/**
 * The columns of a messages row, derived from its published schema like the record's: the
 * message union is one struct of every role's fields (a field a role lacks is null).
 */
export const MESSAGES_COLUMNS: readonly Column[] = deriveSchemaColumns('messages');
