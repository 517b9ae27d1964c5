// The Key Vault holding the deployment's secrets (Kavenegar API key, SMS webhook secrets, phone keys). It is
// in RBAC mode: access is granted by role assignments (roles.bicep), not access policies. The deployment
// creates no secrets: an operator sets them with `az keyvault secret set` (docs/operations.md), so no secret
// value is ever in the repository, in a parameter file or in the deployment history.

param name string

param location string

param tags object

@description('Purge protection cannot be turned off once on: on for prod, off elsewhere so a test vault can be purged and its name reused.')
param purgeProtection bool

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
