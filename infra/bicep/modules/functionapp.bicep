// The function app on the Flex Consumption plan, running the app as a custom handler (runtime "custom":
// the Functions host starts host.json's defaultExecutablePath, the self-contained linux-x64 build that
// `feedback publish` packages). Flex takes its runtime from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME
// and FUNCTIONS_EXTENSION_VERSION must not be app settings; the package comes from a blob container, read
// with the managed identity, so there is no WEBSITE_RUN_FROM_PACKAGE either.

param name string

param planName string

param location string

param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('URL of the blob container the deployment package is uploaded to.')
param deploymentContainerUrl string

@description('App settings, name to value (main.bicep\'s appSettings).')
param appSettings object

@description('Most instances Flex may scale out to.')
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Client id of the Entra ID app registration staff sign in with; empty: authentication is on but has no provider yet, so nobody can sign in.')
param staffSignInClientId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      // No ftpsState: Flex Consumption does not support it (FTP/FTPS is not offered on the plan at all).
      http20Enabled: true
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Staff sign in with Entra ID through App Service Authentication; the app reads who they are from
// X-MS-CLIENT-PRINCIPAL and their role from its StaffMembers table. Citizens' pages, intake and the webhooks stay
// anonymous (the app checks staff endpoints itself), so unauthenticated requests are let through, never redirected.
// The platform is switched on in every deployment, the first included, even before an app registration exists:
// only while it is on does App Service strip a caller's own X-MS-CLIENT-PRINCIPAL and set WEBSITE_AUTH_ENABLED,
// and the app believes the header only then (without it every staff endpoint answers 401). Without
// staffSignInClientId no provider is configured, so nobody can sign in yet; deploy again with it.
// ID tokens only (no client secret): the registration needs the redirect URI
// https://<app>/.auth/login/aad/callback and "ID tokens" enabled. No token store: the session cookie is enough.
resource staffSignIn 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: empty(staffSignInClientId) ? {} : {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: staffSignInClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            staffSignInClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
