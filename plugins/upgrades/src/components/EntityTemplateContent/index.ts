export { EntityTemplateContent } from './EntityTemplateContent';
