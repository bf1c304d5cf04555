import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';

/** The platform-wide audit page's route. @public */
export const auditRouteRef = createRouteRef();

/** `page:audit`: the platform-wide trail at `/audit`, with its nav item. */
export const auditPage = PageBlueprint.make({
  params: {
    path: '/audit',
    title: 'Audit',
    icon: <HistoryIcon />,
    routeRef: auditRouteRef,
    loader: () => import('../components/AuditPage').then(m => <m.AuditPage />),
  },
});
