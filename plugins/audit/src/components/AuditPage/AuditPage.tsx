import { Content, Header, Page } from '@backstage/core-components';
import { AuditTrail } from '../AuditTrail';

/**
 * The platform-wide trail. Anyone may open the page; the backend answers
 * the unfiltered trail to the platform team only (`pave.audit.read.all`),
 * and others see the refusal until they filter by an entity they own.
 */
export function AuditPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Audit trail"
        subtitle="Every platform action: who, what, when, and whether it was allowed"
      />
      <Content>
        <AuditTrail />
      </Content>
    </Page>
  );
}
