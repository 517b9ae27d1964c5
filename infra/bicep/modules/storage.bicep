// The storage account: the app's tables, the Functions host's own blobs (AzureWebJobsStorage) and the blob
// container Flex Consumption deploys the package from. Shared Key is off: everything, the host included,
// signs in with Entra ID (the managed identity), so there is no account key anyone could leak.

param name string

param location string

param tags object

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('The tables the app uses. In Azure mode the app does not create tables, so every one it reads or writes must be here.')
param tables string[]

@description('The blob container Flex Consumption reads the deployment package from.')
param deploymentContainerName string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // A deleted deployment package or host blob can be undeleted for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

output name string = account.name
output id string = account.id
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
