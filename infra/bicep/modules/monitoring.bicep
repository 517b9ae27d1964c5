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
  }
}

output applicationInsightsName string = applicationInsights.name

// The connection string carries the ingestion endpoint and instrumentation key: it only lets a holder send
// telemetry, which is why the Functions host takes it as a plain app setting.
output connectionString string = applicationInsights.properties.ConnectionString
