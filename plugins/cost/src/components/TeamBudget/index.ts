export { TeamBudget } from './TeamBudget';
export { BudgetBar } from './BudgetBar';
export { BudgetErrors } from './BudgetErrors';
