export { UnverifiedPricesNote } from './UnverifiedPrices';
