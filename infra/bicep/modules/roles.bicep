// The managed identity's roles, each on the one resource it is for and nothing wider:
//   storage account  Storage Table Data Contributor  the app's tables (read, insert, update, delete entities)
//                    Storage Blob Data Owner         the Functions host's AzureWebJobsStorage (it creates its own
//                                                    containers for keys, timer schedule state and singleton
//                                                    leases, which Contributor cannot) and the Flex deployment
//                                                    container it downloads the package from
//   Service Bus      Azure Service Bus Data Sender   the app enqueues to feedback-intake and notifications
//                    Azure Service Bus Data Receiver the host's Service Bus triggers receive and settle
//   each queue       Azure Service Bus Data Owner    what Microsoft documents for a Service Bus trigger with an
//                                                    identity-based connection ("Azure Service Bus Data Receiver,
//                                                    Azure Service Bus Data Owner", functions-bindings-service-bus,
//                                                    "Grant permission to the identity"), and what the official Flex
//                                                    Consumption Service Bus sample grants: target-based scaling
//                                                    reads each queue's message count (a management read Receiver
//                                                    does not carry). Scoped to the trigger queues only, not the
//                                                    namespace, so the identity cannot create or delete other entities.
//   Application Insights Monitoring Metrics Publisher  local authentication is off (monitoring.bicep): the host and
//                                                    the app's Azure Monitor exporter send telemetry with Entra ID
//   Key Vault        Key Vault Secrets User          Key Vault references in the app settings read secrets
// Not granted: Storage Queue Data Contributor. The host needs storage queues only for blob triggers and
// Durable Functions, and this app has neither; its own queues are Service Bus in Azure (storage queues are
// the Local-mode stand-in on Azurite).
// The optional operator gets Key Vault Secrets Officer, to set the secrets the deployment leaves for them.

@description('Principal (object) id of the function app\'s user-assigned identity.')
param principalId string

param storageAccountName string

param serviceBusNamespaceName string

param keyVaultName string

@description('The Service Bus queues the host\'s triggers listen on (Data Owner on each, for target-based scaling).')
param triggerQueueNames string[]

param applicationInsightsName string

@description('Object id of a person or group who sets the Key Vault secrets; empty for none.')
param operatorPrincipalId string

@description('User for a person, Group for an Entra group.')
@allowed([
  'User'
  'Group'
])
param operatorPrincipalType string

// Built-in role definition ids (the same in every tenant).
var roleIds = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource triggerQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = [
  for queue in triggerQueueNames: {
    parent: serviceBus
    name: queue
  }
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource tableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roleIds.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, principalId, roleIds.serviceBusDataSender)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, principalId, roleIds.serviceBusDataReceiver)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusQueueOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, index) in triggerQueueNames: {
    name: guid(triggerQueues[index].id, principalId, roleIds.serviceBusDataOwner)
    scope: triggerQueues[index]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataOwner)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roleIds.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}
