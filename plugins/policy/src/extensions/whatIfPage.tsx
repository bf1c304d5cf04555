import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import GavelIcon from '@material-ui/icons/Gavel';

/** The policy what-if page's route. @public */
export const whatIfRouteRef = createRouteRef();

/** `page:policy`: the what-if over the estate at `/policy/what-if`, with its nav item. */
export const whatIfPage = PageBlueprint.make({
  params: {
    path: '/policy/what-if',
    title: 'Policy what-if',
    icon: <GavelIcon />,
    routeRef: whatIfRouteRef,
    loader: () =>
      import('../components/WhatIfPage').then(m => <m.WhatIfPage />),
  },
});
