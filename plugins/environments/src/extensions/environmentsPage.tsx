import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';

/** The platform page's route. @public */
export const environmentsRouteRef = createRouteRef();

/** `page:environments`: every running environment at `/environments`, with its nav item. */
export const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    title: 'Environments',
    icon: <CloudQueueIcon />,
    routeRef: environmentsRouteRef,
    loader: () =>
      import('../components/EnvironmentsPage').then(m => (
        <m.EnvironmentsPage />
      )),
  },
});
