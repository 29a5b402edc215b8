/**
 * State shared by the file checks of one `validate` run: the compiled validators,
 * where violations go, and the tallies (records, steps by type) that a directory
 * check compares with its manifest.
 */
import { TRAJECTORY_STEP_TYPES, type TrajectoryStepType } from '../trajectory/rl-schema.js';
import { createSchemaValidators, type SchemaName, type SchemaValidator } from './schema-validators.js';
import type { Violation, ViolationSink } from './violation.js';

type StepTally = Record<TrajectoryStepType, number>;

export class ValidationContext {
  readonly validatorFor: (name: SchemaName) => SchemaValidator;
  violations = 0;
  records = 0;
  readonly steps: StepTally = Object.fromEntries(TRAJECTORY_STEP_TYPES.map((t) => [t, 0])) as StepTally;
  private readonly filesWithViolations = new Set<string>();

  constructor(private readonly sink: ViolationSink) {
    this.validatorFor = createSchemaValidators();
  }

  report(violation: Violation): void {
    this.violations += 1;
    this.filesWithViolations.add(violation.file);
    this.sink(violation);
  }

  get invalidFiles(): number {
    return this.filesWithViolations.size;
  }

  /** Validates one record against a schema; tallies trajectory steps. Returns whether it was valid. */
  checkRecord(schema: SchemaName, value: unknown, where: Omit<Violation, 'message' | 'path'>): boolean {
    this.records += 1;
    if (schema === 'trajectory') this.tallySteps(value);
    return this.checkDocument(schema, value, where);
  }

  /** Validates a document that is not a data record (the manifest). */
  checkDocument(schema: SchemaName, value: unknown, where: Omit<Violation, 'message' | 'path'>): boolean {
    const errors = this.validatorFor(schema)(value);
    for (const error of errors) this.report({ ...where, path: error.path, message: error.message });
    return errors.length === 0;
  }

  private tallySteps(value: unknown): void {
    const trajectory = (value as { trajectory?: unknown } | null)?.trajectory;
    if (!Array.isArray(trajectory)) return;
    for (const step of trajectory) {
      const type = (step as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && Object.hasOwn(this.steps, type)) this.steps[type as TrajectoryStepType] += 1;
    }
  }
}
