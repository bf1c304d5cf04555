export { UnverifiedPricesNote, unverifiedCount } from './UnverifiedPrices';
