// One province's citizen-feedback pipeline in one resource group: the function app (Flex Consumption, the
// app as a custom handler), its storage (tables + the host's blobs + the deployment container), Service Bus
// (every queue the app uses), Key Vault (secrets, read through Key Vault references), Application Insights
// on Log Analytics, and the one user-assigned identity everything signs in with. No keys and no connection
// strings with secrets: Shared Key and SAS are switched off, the identity's Entra ID tokens do the work.
//
//   az deployment group create --resource-group rg-feedback-zanjan-prod --template-file infra/bicep/main.bicep \
//     --parameters province=zanjan environmentName=prod kavenegarSender=<the province's SMS line>
//
// docs/operations.md has the whole procedure (secrets, publishing, validation).
//
// Layout that tests/Feedback.Functions.Tests/Infrastructure/InfrastructureNamesTests.cs relies on (it reads
// this file with regular expressions, not with a Bicep parser; keep it when editing):
//   - `var serviceBusQueues = [` opens the queue array and the next line that is exactly `]` closes it. Each
//     queue is an object with one `key: value` per line: name, lockDuration, maxDeliveryCount,
//     defaultMessageTimeToLive, deadLetteringOnMessageExpiration, requiresDuplicateDetection and
//     duplicateDetectionHistoryTimeWindow (strings in single quotes, ISO 8601 durations).
//   - `var storageTables = [` opens the table list, one table name in single quotes per line, up to a line `]`.
//   - `var appSettings = {` opens the app settings and the next line that is exactly `}` closes it; each
//     setting is one line `<Name>: <value>`.
//   - The `@allowed([` ... `])` decorator right before `param province string` lists the province keys, one
//     key in single quotes per line.
targetScope = 'resourceGroup'

@description('The province this deployment serves: a key of Feedback.Core.Routing.Provinces. Each province runs its own deployment and sees only its own data.')
@allowed([
  'east-azerbaijan'
  'west-azerbaijan'
  'ardabil'
  'isfahan'
  'alborz'
  'ilam'
  'bushehr'
  'tehran'
  'chaharmahal-bakhtiari'
  'south-khorasan'
  'khorasan-razavi'
  'north-khorasan'
  'khuzestan'
  'zanjan'
  'semnan'
  'sistan-baluchestan'
  'fars'
  'qazvin'
  'qom'
  'kurdistan'
  'kerman'
  'kermanshah'
  'kohgiluyeh-boyer-ahmad'
  'golestan'
  'gilan'
  'lorestan'
  'mazandaran'
  'markazi'
  'hormozgan'
  'hamadan'
  'yazd'
])
param province string

@description('Which stage this deployment is.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Azure region; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('First part of every resource name: lower-case letters and digits.')
@minLength(2)
@maxLength(12)
param namePrefix string = 'feedback'

@description('The Kavenegar sender line the province sends its SMS from (not a secret; the API key is in Key Vault).')
@minLength(1)
param kavenegarSender string

@description('The address citizens reach the deployment at (SMS link to its /status page), ending in /. Empty: the function app\'s own azurewebsites.net address.')
param publicBaseUrl string = ''

@description('Web requests one client address may make per minute before it gets 429.')
@minValue(1)
param webRequestsPerMinute int = 60

@description('Most instances the Flex Consumption plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB. The app (classifier model included) runs comfortably in 2048.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Storage redundancy. ZRS keeps the tables through the loss of one availability zone where the region has zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Object id of the person or Entra group who sets the Key Vault secrets (gets Key Vault Secrets Officer); empty for none.')
param operatorPrincipalId string = ''

@description('User for a person, Group for an Entra group.')
@allowed([
  'User'
  'Group'
])
param operatorPrincipalType string = 'User'

@description('Client id of the Entra ID app registration staff sign in with (App Service Authentication); empty: staff cannot sign in until it is set.')
param staffSignInClientId string = ''

@description('More app settings, name to value: the optional ones docs/operations.md lists under "Manual settings". Passed here, they survive redeployments, which replace every app setting.')
param extraAppSettings object = {}

param tags object = {}

// The secrets the app reads, by Key Vault secret name. The deployment only references them; an operator sets
// each value (docs/operations.md, "Set the secrets").
var secretNames = {
  kavenegarApiKey: 'kavenegar-api-key'
  smsInboundSecret: 'sms-inbound-secret'
  smsDeliverySecret: 'sms-delivery-secret'
  phoneEncryptionKey: 'phone-encryption-key'
  phoneLookupKey: 'phone-lookup-key'
}

// Every queue the app uses; a new queue is one more entry here (and in infra/servicebus-emulator/Config.json).
// Shared choices:
//   maxDeliveryCount 5 = ProcessFeedbackFunction.MaxDeliveries: the app marks an item failed on its last delivery and
//     Service Bus dead-letters the message after the same count, so the two never disagree.
//   lockDuration PT1M: one delivery is a classification plus a few table writes or one Kavenegar call (with
//     its own short retries), seconds in all; a minute is ample, and the host renews the lock of a message it
//     is still working on, so a slow delivery is not handed to a second instance meanwhile.
//   deadLetteringOnMessageExpiration true: an expired message is kept for an operator to inspect and replay
//     (./feedback deadletter), never silently dropped.
//   requiresDuplicateDetection true, window PT1H: senders set MessageId (the tracking code, or the
//     SMS request's key), so a resend after a timeout or a sweeper re-enqueue within the hour is dropped by
//     Service Bus. The sweeper re-enqueues items left unqueued for a minute; an hour covers that many times
//     over, and a longer window slows sends for no gain because processing is idempotent anyway.
//     Duplicate detection cannot be switched on or off once a queue exists.
var serviceBusQueues = [
  {
    // Stored feedback waiting to be classified and routed (body: the tracking code).
    // A week to live: long enough to ride out an outage of processing over a holiday (Nowruz) and still be
    // processed; the item itself is stored first, so even an expired message loses nothing.
    name: 'feedback-intake'
    lockDuration: 'PT1M'
    maxDeliveryCount: 5
    defaultMessageTimeToLive: 'P7D'
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
  }
  {
    // SMS to send to citizens (acknowledgements, status updates).
    // A day to live: an acknowledgement or status SMS older than a day confuses more than it helps; it goes to
    // the dead letters, where an operator sees what was not sent and can still replay it.
    name: 'notifications'
    lockDuration: 'PT1M'
    maxDeliveryCount: 5
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
  }
]

// The tables the app uses. Azure mode does not create tables (Local mode does, on Azurite), so each must be here.
// DevOutbox is Local mode's SMS outbox: it stays empty in Azure, where a Kavenegar key is required.
var storageTables = [
  'FeedbackItems'
  'SmsDeduplication'
  'IntakePending'
  'AgencyInbox'
  // The day index builds before the listing moved onto the trend markers wrote: read for the days before that deploy.
  'ProvinceDays'
  'ApiKeys'
  'PhoneStates'
  'SmsReports'
  // Written by builds before SMS rows moved to their phone's partition: read until what they wait for is finished.
  'OutgoingSms'
  'SmsProviderIds'
  'SmsAwaitingReport'
  'Surveys'
  'RoutingRules'
  'StaffMembers'
  'SlaBreaches'
  'LabelledFeedback'
  'TrendCounters'
  'DevOutbox'
]

var deploymentContainerName = 'app-package'

var baseName = '${namePrefix}-${province}-${environmentName}'
var compactName = toLower(replace(baseName, '-', ''))
// Storage accounts, Key Vaults, Service Bus namespaces and function apps need globally unique names.
var uniqueSuffix = take(uniqueString(subscription().id, resourceGroup().id, baseName), 6)
var names = {
  identity: 'id-${baseName}'
  logAnalytics: 'log-${baseName}'
  applicationInsights: 'appi-${baseName}'
  storage: '${take('st${compactName}', 18)}${uniqueSuffix}'
  serviceBus: 'sb-${baseName}-${uniqueSuffix}'
  keyVault: '${take('kv${compactName}', 18)}${uniqueSuffix}'
  plan: 'plan-${baseName}'
  functionApp: 'func-${baseName}-${uniqueSuffix}'
}

var allTags = union(tags, {
  application: 'citizen-feedback'
  province: province
  environment: environmentName
})

func keyVaultReference(vaultName string, secretName string) string => '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSkuName
    tables: storageTables
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    queues: serviceBusQueues
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    purgeProtection: environmentName == 'prod'
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    triggerQueueNames: map(serviceBusQueues, queue => queue.name)
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

// Identity-based connections: `<connection>__credential` + `__clientId` pick the user-assigned identity for
// the Functions host; AZURE_CLIENT_ID does the same for Azure.Identity's DefaultAzureCredential in the app.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.outputs.clientId
  AZURE_CLIENT_ID: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  Feedback__Mode: 'Azure'
  Feedback__Province: province
  Feedback__StorageAccountName: storage.outputs.name
  Feedback__ServiceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
  Feedback__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${names.functionApp}.azurewebsites.net/' : publicBaseUrl
  Feedback__WebRequestsPerMinute: string(webRequestsPerMinute)
  Feedback__SmsInboundSecret: keyVaultReference(names.keyVault, secretNames.smsInboundSecret)
  Feedback__SmsDeliverySecret: keyVaultReference(names.keyVault, secretNames.smsDeliverySecret)
  Feedback__PhoneEncryptionKey: keyVaultReference(names.keyVault, secretNames.phoneEncryptionKey)
  Feedback__PhoneLookupKey: keyVaultReference(names.keyVault, secretNames.phoneLookupKey)
  Feedback__Kavenegar__ApiKey: keyVaultReference(names.keyVault, secretNames.kavenegarApiKey)
  Feedback__Kavenegar__Sender: kavenegarSender
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appSettings: union(appSettings, extraAppSettings)
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    staffSignInClientId: staffSignInClientId
  }
  // The host starts as soon as the site exists: its roles must be in place first, or its first start fails
  // on storage, Service Bus and Key Vault references alike.
  dependsOn: [
    roles
  ]
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = functionApp.outputs.url
output storageAccountName string = storage.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output keyVaultName string = keyVault.outputs.name
// The Key Vault items an operator must set (docs/operations.md, "Set the secrets").
output keyVaultItemsToSet string[] = map(items(secretNames), item => item.value)
output identityClientId string = identity.outputs.clientId
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
