// Application Insights on a Log Analytics workspace: the Functions host's and the app's telemetry.

param logAnalyticsName string

param applicationInsightsName string

param location string

param tags object

@description('Days the workspace keeps logs; 30 is included in the per-GB price.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Entra ID only, as everything else here: the instrumentation key in the connection string no longer lets
    // anyone send telemetry. The host authenticates with APPLICATIONINSIGHTS_AUTHENTICATION_STRING (the
    // identity's client id), the app's Azure Monitor exporter with the same identity; roles.bicep grants it
    // Monitoring Metrics Publisher on this component.
    DisableLocalAuth: true
  }
}

output applicationInsightsName string = applicationInsights.name

// The connection string carries the ingestion endpoint and instrumentation key; with local authentication off
// it is not a credential (ingestion also needs an Entra ID token), so it is a plain app setting.
output connectionString string = applicationInsights.properties.ConnectionString
