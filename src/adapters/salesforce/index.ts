/** The Salesforce adapter: the engine's `CaseSystem` over jsforce, and how to connect. */
export { createSalesforceCaseSystem, SALESFORCE_BATCH_SIZE, type SalesforceCaseSystemOptions } from './case-system.js';
export { connectSalesforce, createJwtAssertion, type ConnectSalesforceOptions } from './connect.js';
export { fromSalesforceError } from './errors.js';
export { buildEqualsCondition, formatSoqlDateTime, isSalesforceId, quoteSoqlString } from './soql.js';
