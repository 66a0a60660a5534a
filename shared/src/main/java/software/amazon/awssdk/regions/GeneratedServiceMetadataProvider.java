package software.amazon.awssdk.regions;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.regions.servicemetadata.*;

/**
 * smsgate's stand-in for the SDK's class of this name (regions 2.40.2), which the function jars leave out
 * (the parent pom's shade filter): the same endpoint prefixes, each answered with the same metadata class,
 * but each made when it is first asked for instead of all 312 in the class's static initialiser.
 *
 * <p>Why: every client build asks for its service's metadata (the signing region at build time, and in AWS
 * the default endpoint too), and the SDK's class then loads and initialises the metadata of every AWS
 * service. Measured here: about 120 ms of InboundSmsFunction's start and about 300 ms of PostingFunction's
 * (docs/cold-start.md). The SDK's maintainers describe the cost (350-500 ms, aws/aws-sdk-java-v2#3664) and
 * took these lookups out of client creation in aws/aws-sdk-java-v2#7161 (July 2026), in a release this
 * build cannot take yet: {@code pinpointsmsvoicev2} resolves here only at 2.40.2. Delete this file, and its
 * shade filter, with the upgrade to a release that has #7161.
 *
 * <p>{@code ServiceMetadataProviderTest} compares this table with the SDK's own, so an SDK upgrade that adds
 * or renames a service fails the build until this table matches again (the failure prints the cases).
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    /** One instance per prefix, as the SDK's map holds one. */
    private static final ConcurrentMap<String, ServiceMetadata> MADE = new ConcurrentHashMap<>();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        if (endpointPrefix == null) {
            return null;
        }
        ServiceMetadata made = MADE.get(endpointPrefix);
        if (made != null) {
            return made;
        }
        ServiceMetadata fresh = make(endpointPrefix);
        if (fresh == null) {
            return null;
        }
        ServiceMetadata first = MADE.putIfAbsent(endpointPrefix, fresh);
        return first == null ? fresh : first;
    }

    /** The SDK's table, as a switch: only the metadata class of the prefix asked for is loaded. */
    static ServiceMetadata make(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "access-analyzer" -> new AccessAnalyzerServiceMetadata();
            case "account" -> new AccountServiceMetadata();
            case "acm" -> new AcmServiceMetadata();
            case "acm-pca" -> new AcmPcaServiceMetadata();
            case "agreement-marketplace" -> new AgreementMarketplaceServiceMetadata();
            case "airflow" -> new AirflowServiceMetadata();
            case "amplify" -> new AmplifyServiceMetadata();
            case "amplifybackend" -> new AmplifybackendServiceMetadata();
            case "amplifyuibuilder" -> new AmplifyuibuilderServiceMetadata();
            case "aoss" -> new AossServiceMetadata();
            case "api.detective" -> new ApiDetectiveServiceMetadata();
            case "api.ecr" -> new ApiEcrServiceMetadata();
            case "api.ecr-public" -> new ApiEcrPublicServiceMetadata();
            case "api.iotdeviceadvisor" -> new ApiIotdeviceadvisorServiceMetadata();
            case "api.iotwireless" -> new ApiIotwirelessServiceMetadata();
            case "api.mediatailor" -> new ApiMediatailorServiceMetadata();
            case "api.pricing" -> new ApiPricingServiceMetadata();
            case "api.sagemaker" -> new ApiSagemakerServiceMetadata();
            case "api.tunneling.iot" -> new ApiTunnelingIotServiceMetadata();
            case "apigateway" -> new ApigatewayServiceMetadata();
            case "app-integrations" -> new AppIntegrationsServiceMetadata();
            case "appconfig" -> new AppconfigServiceMetadata();
            case "appconfigdata" -> new AppconfigdataServiceMetadata();
            case "appflow" -> new AppflowServiceMetadata();
            case "application-autoscaling" -> new ApplicationAutoscalingServiceMetadata();
            case "applicationinsights" -> new ApplicationinsightsServiceMetadata();
            case "appmesh" -> new AppmeshServiceMetadata();
            case "apprunner" -> new ApprunnerServiceMetadata();
            case "appstream2" -> new Appstream2ServiceMetadata();
            case "appsync" -> new AppsyncServiceMetadata();
            case "aps" -> new ApsServiceMetadata();
            case "arc-zonal-shift" -> new ArcZonalShiftServiceMetadata();
            case "athena" -> new AthenaServiceMetadata();
            case "auditmanager" -> new AuditmanagerServiceMetadata();
            case "autoscaling" -> new AutoscalingServiceMetadata();
            case "autoscaling-plans" -> new AutoscalingPlansServiceMetadata();
            case "backup" -> new BackupServiceMetadata();
            case "backup-gateway" -> new BackupGatewayServiceMetadata();
            case "batch" -> new BatchServiceMetadata();
            case "bedrock" -> new BedrockServiceMetadata();
            case "billingconductor" -> new BillingconductorServiceMetadata();
            case "braket" -> new BraketServiceMetadata();
            case "budgets" -> new BudgetsServiceMetadata();
            case "cases" -> new CasesServiceMetadata();
            case "cassandra" -> new CassandraServiceMetadata();
            case "catalog.marketplace" -> new CatalogMarketplaceServiceMetadata();
            case "ce" -> new CeServiceMetadata();
            case "chime" -> new ChimeServiceMetadata();
            case "cleanrooms" -> new CleanroomsServiceMetadata();
            case "cloud9" -> new Cloud9ServiceMetadata();
            case "cloudcontrolapi" -> new CloudcontrolapiServiceMetadata();
            case "clouddirectory" -> new ClouddirectoryServiceMetadata();
            case "cloudformation" -> new CloudformationServiceMetadata();
            case "cloudfront" -> new CloudfrontServiceMetadata();
            case "cloudhsm" -> new CloudhsmServiceMetadata();
            case "cloudhsmv2" -> new Cloudhsmv2ServiceMetadata();
            case "cloudsearch" -> new CloudsearchServiceMetadata();
            case "cloudtrail" -> new CloudtrailServiceMetadata();
            case "cloudtrail-data" -> new CloudtrailDataServiceMetadata();
            case "codeartifact" -> new CodeartifactServiceMetadata();
            case "codebuild" -> new CodebuildServiceMetadata();
            case "codecatalyst" -> new CodecatalystServiceMetadata();
            case "codecommit" -> new CodecommitServiceMetadata();
            case "codedeploy" -> new CodedeployServiceMetadata();
            case "codeguru-profiler" -> new CodeguruProfilerServiceMetadata();
            case "codeguru-reviewer" -> new CodeguruReviewerServiceMetadata();
            case "codepipeline" -> new CodepipelineServiceMetadata();
            case "codestar-connections" -> new CodestarConnectionsServiceMetadata();
            case "codestar-notifications" -> new CodestarNotificationsServiceMetadata();
            case "cognito-identity" -> new CognitoIdentityServiceMetadata();
            case "cognito-idp" -> new CognitoIdpServiceMetadata();
            case "cognito-sync" -> new CognitoSyncServiceMetadata();
            case "comprehend" -> new ComprehendServiceMetadata();
            case "comprehendmedical" -> new ComprehendmedicalServiceMetadata();
            case "compute-optimizer" -> new ComputeOptimizerServiceMetadata();
            case "config" -> new ConfigServiceMetadata();
            case "connect" -> new ConnectServiceMetadata();
            case "connect-campaigns" -> new ConnectCampaignsServiceMetadata();
            case "contact-lens" -> new ContactLensServiceMetadata();
            case "controltower" -> new ControltowerServiceMetadata();
            case "cost-optimization-hub" -> new CostOptimizationHubServiceMetadata();
            case "cur" -> new CurServiceMetadata();
            case "data-ats.iot" -> new DataAtsIotServiceMetadata();
            case "data.iot" -> new DataIotServiceMetadata();
            case "data.jobs.iot" -> new DataJobsIotServiceMetadata();
            case "data.mediastore" -> new DataMediastoreServiceMetadata();
            case "databrew" -> new DatabrewServiceMetadata();
            case "dataexchange" -> new DataexchangeServiceMetadata();
            case "datapipeline" -> new DatapipelineServiceMetadata();
            case "datasync" -> new DatasyncServiceMetadata();
            case "datazone" -> new DatazoneServiceMetadata();
            case "dax" -> new DaxServiceMetadata();
            case "devicefarm" -> new DevicefarmServiceMetadata();
            case "devops-guru" -> new DevopsGuruServiceMetadata();
            case "directconnect" -> new DirectconnectServiceMetadata();
            case "discovery" -> new DiscoveryServiceMetadata();
            case "dlm" -> new DlmServiceMetadata();
            case "dms" -> new DmsServiceMetadata();
            case "docdb" -> new DocdbServiceMetadata();
            case "drs" -> new DrsServiceMetadata();
            case "ds" -> new DsServiceMetadata();
            case "dynamodb" -> new DynamodbServiceMetadata();
            case "ebs" -> new EbsServiceMetadata();
            case "ec2" -> new Ec2ServiceMetadata();
            case "ecs" -> new EcsServiceMetadata();
            case "edge.sagemaker" -> new EdgeSagemakerServiceMetadata();
            case "eks" -> new EksServiceMetadata();
            case "eks-auth" -> new EksAuthServiceMetadata();
            case "elasticache" -> new ElasticacheServiceMetadata();
            case "elasticbeanstalk" -> new ElasticbeanstalkServiceMetadata();
            case "elasticfilesystem" -> new ElasticfilesystemServiceMetadata();
            case "elasticloadbalancing" -> new ElasticloadbalancingServiceMetadata();
            case "elasticmapreduce" -> new ElasticmapreduceServiceMetadata();
            case "elastictranscoder" -> new ElastictranscoderServiceMetadata();
            case "email" -> new EmailServiceMetadata();
            case "emr-containers" -> new EmrContainersServiceMetadata();
            case "emr-serverless" -> new EmrServerlessServiceMetadata();
            case "entitlement.marketplace" -> new EntitlementMarketplaceServiceMetadata();
            case "es" -> new EsServiceMetadata();
            case "events" -> new EventsServiceMetadata();
            case "evidently" -> new EvidentlyServiceMetadata();
            case "finspace" -> new FinspaceServiceMetadata();
            case "finspace-api" -> new FinspaceApiServiceMetadata();
            case "firehose" -> new FirehoseServiceMetadata();
            case "fms" -> new FmsServiceMetadata();
            case "forecast" -> new ForecastServiceMetadata();
            case "forecastquery" -> new ForecastqueryServiceMetadata();
            case "frauddetector" -> new FrauddetectorServiceMetadata();
            case "fsx" -> new FsxServiceMetadata();
            case "gamelift" -> new GameliftServiceMetadata();
            case "gameliftstreams" -> new GameliftstreamsServiceMetadata();
            case "geo" -> new GeoServiceMetadata();
            case "glacier" -> new GlacierServiceMetadata();
            case "globalaccelerator" -> new GlobalacceleratorServiceMetadata();
            case "glue" -> new GlueServiceMetadata();
            case "grafana" -> new GrafanaServiceMetadata();
            case "greengrass" -> new GreengrassServiceMetadata();
            case "groundstation" -> new GroundstationServiceMetadata();
            case "guardduty" -> new GuarddutyServiceMetadata();
            case "health" -> new HealthServiceMetadata();
            case "healthlake" -> new HealthlakeServiceMetadata();
            case "iam" -> new IamServiceMetadata();
            case "identity-chime" -> new IdentityChimeServiceMetadata();
            case "identitystore" -> new IdentitystoreServiceMetadata();
            case "importexport" -> new ImportexportServiceMetadata();
            case "ingest.timestream" -> new IngestTimestreamServiceMetadata();
            case "inspector" -> new InspectorServiceMetadata();
            case "inspector2" -> new Inspector2ServiceMetadata();
            case "internetmonitor" -> new InternetmonitorServiceMetadata();
            case "iot" -> new IotServiceMetadata();
            case "iotanalytics" -> new IotanalyticsServiceMetadata();
            case "iotevents" -> new IoteventsServiceMetadata();
            case "ioteventsdata" -> new IoteventsdataServiceMetadata();
            case "iotfleetwise" -> new IotfleetwiseServiceMetadata();
            case "iotsecuredtunneling" -> new IotsecuredtunnelingServiceMetadata();
            case "iotsitewise" -> new IotsitewiseServiceMetadata();
            case "iotthingsgraph" -> new IotthingsgraphServiceMetadata();
            case "iottwinmaker" -> new IottwinmakerServiceMetadata();
            case "iotwireless" -> new IotwirelessServiceMetadata();
            case "ivs" -> new IvsServiceMetadata();
            case "ivschat" -> new IvschatServiceMetadata();
            case "ivsrealtime" -> new IvsrealtimeServiceMetadata();
            case "kafka" -> new KafkaServiceMetadata();
            case "kafkaconnect" -> new KafkaconnectServiceMetadata();
            case "kendra" -> new KendraServiceMetadata();
            case "kendra-ranking" -> new KendraRankingServiceMetadata();
            case "kinesis" -> new KinesisServiceMetadata();
            case "kinesisanalytics" -> new KinesisanalyticsServiceMetadata();
            case "kinesisvideo" -> new KinesisvideoServiceMetadata();
            case "kms" -> new KmsServiceMetadata();
            case "lakeformation" -> new LakeformationServiceMetadata();
            case "lambda" -> new LambdaServiceMetadata();
            case "license-manager" -> new LicenseManagerServiceMetadata();
            case "license-manager-linux-subscriptions" -> new LicenseManagerLinuxSubscriptionsServiceMetadata();
            case "license-manager-user-subscriptions" -> new LicenseManagerUserSubscriptionsServiceMetadata();
            case "lightsail" -> new LightsailServiceMetadata();
            case "logs" -> new LogsServiceMetadata();
            case "lookoutequipment" -> new LookoutequipmentServiceMetadata();
            case "m2" -> new M2ServiceMetadata();
            case "machinelearning" -> new MachinelearningServiceMetadata();
            case "macie2" -> new Macie2ServiceMetadata();
            case "managedblockchain" -> new ManagedblockchainServiceMetadata();
            case "managedblockchain-query" -> new ManagedblockchainQueryServiceMetadata();
            case "marketplacecommerceanalytics" -> new MarketplacecommerceanalyticsServiceMetadata();
            case "media-pipelines-chime" -> new MediaPipelinesChimeServiceMetadata();
            case "mediaconnect" -> new MediaconnectServiceMetadata();
            case "mediaconvert" -> new MediaconvertServiceMetadata();
            case "medialive" -> new MedialiveServiceMetadata();
            case "mediapackage" -> new MediapackageServiceMetadata();
            case "mediapackage-vod" -> new MediapackageVodServiceMetadata();
            case "mediapackagev2" -> new Mediapackagev2ServiceMetadata();
            case "mediastore" -> new MediastoreServiceMetadata();
            case "meetings-chime" -> new MeetingsChimeServiceMetadata();
            case "memory-db" -> new MemoryDbServiceMetadata();
            case "messaging-chime" -> new MessagingChimeServiceMetadata();
            case "metering.marketplace" -> new MeteringMarketplaceServiceMetadata();
            case "metrics.sagemaker" -> new MetricsSagemakerServiceMetadata();
            case "mgh" -> new MghServiceMetadata();
            case "mgn" -> new MgnServiceMetadata();
            case "migrationhub-orchestrator" -> new MigrationhubOrchestratorServiceMetadata();
            case "migrationhub-strategy" -> new MigrationhubStrategyServiceMetadata();
            case "mobileanalytics" -> new MobileanalyticsServiceMetadata();
            case "models-v2-lex" -> new ModelsV2LexServiceMetadata();
            case "models.lex" -> new ModelsLexServiceMetadata();
            case "monitoring" -> new MonitoringServiceMetadata();
            case "mq" -> new MqServiceMetadata();
            case "mturk-requester" -> new MturkRequesterServiceMetadata();
            case "neptune" -> new NeptuneServiceMetadata();
            case "network-firewall" -> new NetworkFirewallServiceMetadata();
            case "networkmanager" -> new NetworkmanagerServiceMetadata();
            case "notifications" -> new NotificationsServiceMetadata();
            case "notifications-contacts" -> new NotificationsContactsServiceMetadata();
            case "nova-act" -> new NovaActServiceMetadata();
            case "oam" -> new OamServiceMetadata();
            case "oidc" -> new OidcServiceMetadata();
            case "omics" -> new OmicsServiceMetadata();
            case "organizations" -> new OrganizationsServiceMetadata();
            case "osis" -> new OsisServiceMetadata();
            case "outposts" -> new OutpostsServiceMetadata();
            case "participant.connect" -> new ParticipantConnectServiceMetadata();
            case "personalize" -> new PersonalizeServiceMetadata();
            case "pi" -> new PiServiceMetadata();
            case "pinpoint" -> new PinpointServiceMetadata();
            case "pipes" -> new PipesServiceMetadata();
            case "polly" -> new PollyServiceMetadata();
            case "portal.sso" -> new PortalSsoServiceMetadata();
            case "profile" -> new ProfileServiceMetadata();
            case "proton" -> new ProtonServiceMetadata();
            case "qbusiness" -> new QbusinessServiceMetadata();
            case "query.timestream" -> new QueryTimestreamServiceMetadata();
            case "quicksight" -> new QuicksightServiceMetadata();
            case "ram" -> new RamServiceMetadata();
            case "rbin" -> new RbinServiceMetadata();
            case "rds" -> new RdsServiceMetadata();
            case "rds-data" -> new RdsDataServiceMetadata();
            case "redshift" -> new RedshiftServiceMetadata();
            case "redshift-serverless" -> new RedshiftServerlessServiceMetadata();
            case "rekognition" -> new RekognitionServiceMetadata();
            case "resiliencehub" -> new ResiliencehubServiceMetadata();
            case "resource-explorer-2" -> new ResourceExplorer2ServiceMetadata();
            case "resource-groups" -> new ResourceGroupsServiceMetadata();
            case "rolesanywhere" -> new RolesanywhereServiceMetadata();
            case "route53" -> new Route53ServiceMetadata();
            case "route53-recovery-control-config" -> new Route53RecoveryControlConfigServiceMetadata();
            case "route53domains" -> new Route53domainsServiceMetadata();
            case "route53profiles" -> new Route53profilesServiceMetadata();
            case "route53resolver" -> new Route53resolverServiceMetadata();
            case "rum" -> new RumServiceMetadata();
            case "runtime-v2-lex" -> new RuntimeV2LexServiceMetadata();
            case "runtime.lex" -> new RuntimeLexServiceMetadata();
            case "runtime.sagemaker" -> new RuntimeSagemakerServiceMetadata();
            case "s3" -> new EnhancedS3ServiceMetadata();
            case "s3-control" -> new S3ControlServiceMetadata();
            case "s3-outposts" -> new S3OutpostsServiceMetadata();
            case "sagemaker-geospatial" -> new SagemakerGeospatialServiceMetadata();
            case "savingsplans" -> new SavingsplansServiceMetadata();
            case "scheduler" -> new SchedulerServiceMetadata();
            case "schemas" -> new SchemasServiceMetadata();
            case "sdb" -> new SdbServiceMetadata();
            case "secretsmanager" -> new SecretsmanagerServiceMetadata();
            case "securityhub" -> new SecurityhubServiceMetadata();
            case "securitylake" -> new SecuritylakeServiceMetadata();
            case "serverlessrepo" -> new ServerlessrepoServiceMetadata();
            case "servicecatalog" -> new ServicecatalogServiceMetadata();
            case "servicecatalog-appregistry" -> new ServicecatalogAppregistryServiceMetadata();
            case "servicediscovery" -> new ServicediscoveryServiceMetadata();
            case "servicequotas" -> new ServicequotasServiceMetadata();
            case "shield" -> new ShieldServiceMetadata();
            case "signer" -> new SignerServiceMetadata();
            case "simspaceweaver" -> new SimspaceweaverServiceMetadata();
            case "sms-voice" -> new SmsVoiceServiceMetadata();
            case "snowball" -> new SnowballServiceMetadata();
            case "sns" -> new SnsServiceMetadata();
            case "sqs" -> new SqsServiceMetadata();
            case "ssm" -> new SsmServiceMetadata();
            case "ssm-contacts" -> new SsmContactsServiceMetadata();
            case "ssm-incidents" -> new SsmIncidentsServiceMetadata();
            case "ssm-quicksetup" -> new SsmQuicksetupServiceMetadata();
            case "ssm-sap" -> new SsmSapServiceMetadata();
            case "sso" -> new SsoServiceMetadata();
            case "states" -> new StatesServiceMetadata();
            case "storagegateway" -> new StoragegatewayServiceMetadata();
            case "streams.dynamodb" -> new StreamsDynamodbServiceMetadata();
            case "sts" -> new StsServiceMetadata();
            case "support" -> new SupportServiceMetadata();
            case "supportapp" -> new SupportappServiceMetadata();
            case "swf" -> new SwfServiceMetadata();
            case "synthetics" -> new SyntheticsServiceMetadata();
            case "tagging" -> new TaggingServiceMetadata();
            case "tax" -> new TaxServiceMetadata();
            case "textract" -> new TextractServiceMetadata();
            case "thinclient" -> new ThinclientServiceMetadata();
            case "tnb" -> new TnbServiceMetadata();
            case "transcribe" -> new TranscribeServiceMetadata();
            case "transcribestreaming" -> new TranscribestreamingServiceMetadata();
            case "transfer" -> new TransferServiceMetadata();
            case "translate" -> new TranslateServiceMetadata();
            case "trustedadvisor" -> new TrustedadvisorServiceMetadata();
            case "verifiedpermissions" -> new VerifiedpermissionsServiceMetadata();
            case "voice-chime" -> new VoiceChimeServiceMetadata();
            case "voiceid" -> new VoiceidServiceMetadata();
            case "vpc-lattice" -> new VpcLatticeServiceMetadata();
            case "waf" -> new WafServiceMetadata();
            case "waf-regional" -> new WafRegionalServiceMetadata();
            case "wafv2" -> new Wafv2ServiceMetadata();
            case "wellarchitected" -> new WellarchitectedServiceMetadata();
            case "wisdom" -> new WisdomServiceMetadata();
            case "workdocs" -> new WorkdocsServiceMetadata();
            case "workmail" -> new WorkmailServiceMetadata();
            case "workspaces" -> new WorkspacesServiceMetadata();
            case "workspaces-web" -> new WorkspacesWebServiceMetadata();
            case "xray" -> new XrayServiceMetadata();
            default -> null;
        };
    }
}
