import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types generated from the one schema; committed, and CI fails when they are stale.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.js#GraphQLContext',
        mappersTypeSuffix: 'Mapper',
        mapperTypeSuffix: 'Mapper',
        mappers: {
          Dataset: '../mappers.js#DatasetMapper',
          Image: '../mappers.js#ImageMapper',
          Model: '../mappers.js#ModelMapper',
          Job: '../mappers.js#JobMapper',
          Embedding: '../mappers.js#EmbeddingMapper',
          PcaFit: '../mappers.js#PcaFitMapper',
          OdistEntry: '../mappers.js#OdistEntryMapper',
          IdistConnection: '../mappers.js#IdistConnectionMapper',
          DistanceMatrix: '../mappers.js#DistanceMatrixMapper',
          // performance
          Performance: '../mappers.js#PerformanceMapper',
          PerformanceSplits: '../mappers.js#PerformanceSplitsMapper',
          PerformanceSplit: '../mappers.js#PerformanceSplitMapper',
          FScoreCurve: '../mappers.js#FScoreCurveMapper',
          CurvePoint: '../mappers.js#CurvePointMapper',
          LabelCandidates: '../mappers.js#LabelCandidatesMapper',
          LabelCandidate: '../mappers.js#LabelCandidateMapper',
          VersionComparison: '../mappers.js#VersionComparisonMapper',
          VersionPerformance: '../mappers.js#VersionPerformanceMapper',
          PredictionImportResult: '../mappers.js#PredictionImportResultMapper',
          // security
          ApiKey: '../mappers.js#ApiKeyMapper',
          AuditEntry: '../mappers.js#AuditEntryMapper',
          // statistics
          EnergyTest: '../mappers.js#EnergyTestMapper',
          BootstrapInterval: '../mappers.js#BootstrapIntervalMapper',
          PredictedPerformance: '../mappers.js#PredictedPerformanceMapper',
          PredictedImage: '../mappers.js#PredictedImageMapper',
          ValidationRow: '../mappers.js#ValidationRowMapper',
          PredictionValidation: '../mappers.js#PredictionValidationMapper',
        },
        scalars: { DateTime: 'Date' },
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: true },
        maybeValue: 'T | null',
      },
    },
  },
};
export default config;
