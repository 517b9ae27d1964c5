// The Service Bus namespace (Standard: queues with duplicate detection, dead-lettering and scheduled
// messages; Basic has no duplicate detection) and one queue per entry of main.bicep's serviceBusQueues.
// SAS keys are off (disableLocalAuth): senders and receivers sign in with Entra ID only.

param name string

param location string

param tags object

@description('One queue per entry; main.bicep explains the values it chooses.')
param queues queueDefinition[]

type queueDefinition = {
  @description('The queue name the app and the function.json files use.')
  name: string

  @description('ISO 8601 duration a received message stays locked for its receiver (at most PT5M).')
  lockDuration: string

  @description('Deliveries after which Service Bus dead-letters a message; equal to the app\'s ProcessFeedbackFunction.MaxDeliveries.')
  maxDeliveryCount: int

  @description('ISO 8601 duration after which an unreceived message expires.')
  defaultMessageTimeToLive: string

  @description('Whether an expired message goes to the dead-letter queue instead of vanishing.')
  deadLetteringOnMessageExpiration: bool

  @description('Whether a message whose MessageId was seen within the window is dropped. Fixed once the queue exists.')
  requiresDuplicateDetection: bool

  @description('ISO 8601 duration Service Bus remembers MessageIds for duplicate detection.')
  duplicateDetectionHistoryTimeWindow: string
}

resource serviceBusNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queueResources 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in queues: {
    parent: serviceBusNamespace
    name: queue.name
    properties: {
      lockDuration: queue.lockDuration
      maxDeliveryCount: queue.maxDeliveryCount
      defaultMessageTimeToLive: queue.defaultMessageTimeToLive
      deadLetteringOnMessageExpiration: queue.deadLetteringOnMessageExpiration
      requiresDuplicateDetection: queue.requiresDuplicateDetection
      duplicateDetectionHistoryTimeWindow: queue.duplicateDetectionHistoryTimeWindow
      requiresSession: false
      // Partitioning cannot be changed later and the Service Bus emulator does not support it.
      enablePartitioning: false
      maxSizeInMegabytes: 1024
    }
  }
]

output name string = serviceBusNamespace.name
output id string = serviceBusNamespace.id

// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (with the cloud's own suffix): the host
// name is what the app (Feedback__ServiceBusNamespace) and the trigger (__fullyQualifiedNamespace) expect.
output fullyQualifiedNamespace string = replace(split(serviceBusNamespace.properties.serviceBusEndpoint, '/')[2], ':443', '')
