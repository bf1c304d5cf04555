import { Entity } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { parseBudgetAnnotations } from '@pave/plugin-cost-common';

/**
 * Checks the budget annotations of Groups (`pave.dev/monthly-budget-usd`,
 * `pave.dev/monthly-budget-usd.<environment type>` and
 * `pave.dev/preview-budget-usd`). A negative or
 * non-numeric budget becomes an error on the entity's processing status,
 * naming the annotation and the rule; the cost plugin then treats that
 * budget as unset, never as zero.
 *
 * @public
 */
export class BudgetAnnotationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'PaveBudgetAnnotationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'group') {
      return entity;
    }
    const { errors } = parseBudgetAnnotations(entity.metadata.annotations);
    for (const message of errors) {
      emit(processingResult.inputError(location, message));
    }
    return entity;
  }
}
