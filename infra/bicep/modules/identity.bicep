// The one user-assigned managed identity the function app runs as. The Functions host (AzureWebJobsStorage,
// the Service Bus trigger, the deployment package), Key Vault references and the app itself (Azure.Identity,
// through AZURE_CLIENT_ID) all authenticate with it; its roles are granted in roles.bicep.

@description('Name of the identity.')
param name string

param location string

param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
