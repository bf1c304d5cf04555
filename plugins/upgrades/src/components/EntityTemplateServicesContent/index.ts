export { EntityTemplateServicesContent } from './EntityTemplateServicesContent';
