import { z } from 'zod';
import { EnvironmentType } from './environment';

/**
 * How sensitive the data a service holds is, as the Create wizard asks it
 * (`dataClassification`) and the catalog records it
 * (`pave.dev/data-classification`). Every cloud resource carries it as the
 * `data-classification` tag or label.
 *
 * @public
 */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;

/** @public */
export const dataClassificationSchema = z.enum(DATA_CLASSIFICATIONS);

/** @public */
export type DataClassification = z.infer<typeof dataClassificationSchema>;

/**
 * The catalog annotation that records a component's data classification.
 *
 * @public
 */
export const DATA_CLASSIFICATION_ANNOTATION = 'pave.dev/data-classification';

/**
 * Whether a service's resources in an environment must be encrypted with a
 * customer-managed key: in production, for confidential and restricted
 * data, and for data whose classification is unknown (judged as
 * confidential until someone says otherwise). The policy
 * `prod-cmk-for-confidential-data` asks the same question in Cedar.
 *
 * @public
 */
export function needsCustomerManagedKey(
  classification: DataClassification | undefined,
  environmentType: EnvironmentType,
): boolean {
  return (
    environmentType === 'prod' &&
    (classification === undefined ||
      classification === 'confidential' ||
      classification === 'restricted')
  );
}

/**
 * A catalog annotation's value as a classification, or undefined when it
 * is missing or not one of {@link DATA_CLASSIFICATIONS}.
 *
 * @public
 */
export function parseDataClassification(
  value: unknown,
): DataClassification | undefined {
  const parsed = dataClassificationSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
