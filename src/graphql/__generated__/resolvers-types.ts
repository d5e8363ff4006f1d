import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { DatasetMapper as DatasetMapperMapper, ImageMapper as ImageMapperMapper } from '../mappers.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp. */
  DateTime: { input: Date; output: Date; }
};

export type AddImageInput = {
  dataset: Scalars['String']['input'];
  fileName: Scalars['String']['input'];
  /** The image file's bytes, base64-encoded. */
  imageBase64: Scalars['String']['input'];
  /** Optional mask file's bytes (same size as the image), base64-encoded. */
  maskBase64?: InputMaybe<Scalars['String']['input']>;
  maskFileName?: InputMaybe<Scalars['String']['input']>;
};

export type AddImageResult = {
  __typename?: 'AddImageResult';
  /** False when the dataset already had this exact image. */
  created: Scalars['Boolean']['output'];
  image: Image;
};

/** A named set of images, optionally with a ground-truth mask per image. */
export type Dataset = {
  __typename?: 'Dataset';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  imageCount: Scalars['Int']['output'];
  /** Shortcut for images(dataset: name). */
  images: ImageConnection;
  maskCount: Scalars['Int']['output'];
  name: Scalars['String']['output'];
};


/** A named set of images, optionally with a ground-truth mask per image. */
export type DatasetImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Health = {
  __typename?: 'Health';
  ok: Scalars['Boolean']['output'];
  /** postgres, embedded, or embedded-shared (a CLI attached to a running server's embedded store). */
  store: Scalars['String']['output'];
};

export type Image = {
  __typename?: 'Image';
  createdAt: Scalars['DateTime']['output'];
  dataset: Dataset;
  fileName: Scalars['String']['output'];
  hasMask: Scalars['Boolean']['output'];
  height: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The ground-truth mask file; null when the image has none. */
  maskUrl: Maybe<Scalars['String']['output']>;
  /** SHA-256 of the file's bytes; re-imports are matched on it. */
  sha256: Scalars['String']['output'];
  /** A small JPEG preview. */
  thumbnailUrl: Scalars['String']['output'];
  /** The original file. */
  url: Scalars['String']['output'];
  width: Scalars['Int']['output'];
};

export type ImageConnection = {
  __typename?: 'ImageConnection';
  edges: Array<ImageEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ImageEdge = {
  __typename?: 'ImageEdge';
  cursor: Scalars['String']['output'];
  node: Image;
};

export type ImportFolderInput = {
  /** Dataset to add to; created if new. A letter, then letters, digits, _ or -. */
  dataset: Scalars['String']['input'];
  /** Folder of images on the server, under IMPORT_ROOT (absolute, or relative to it). */
  folder: Scalars['String']['input'];
  /** Optional folder of masks, matched by file stem; also under IMPORT_ROOT. */
  masks?: InputMaybe<Scalars['String']['input']>;
};

export type ImportResult = {
  __typename?: 'ImportResult';
  /** New images stored by this import. */
  added: Scalars['Int']['output'];
  /** Images whose content the dataset already had. */
  alreadyPresent: Scalars['Int']['output'];
  dataset: Maybe<Dataset>;
  skipped: Array<SkippedFile>;
  /** Image files seen. */
  total: Scalars['Int']['output'];
  /** Imported images that came with a mask. */
  withMask: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Adds one uploaded image (base64 bytes), with an optional mask, to a dataset (created if new).
   * Registered models embed it before the answer, so its distances can be asked for at once.
   */
  addImage: AddImageResult;
  /**
   * Imports a folder on the server's disk into a dataset. The folder (and masks folder) must lie
   * under the configured import root (IMPORT_ROOT). Masks are matched to images by file stem.
   * Re-importing the same files adds nothing; bad files are listed in `skipped`.
   */
  importFolder: ImportResult;
};


export type MutationAddImageArgs = {
  input: AddImageInput;
};


export type MutationImportFolderArgs = {
  input: ImportFolderInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type Query = {
  __typename?: 'Query';
  /** One dataset by name; null when there is none. */
  dataset: Maybe<Dataset>;
  /** Every dataset, in creation order. */
  datasets: Array<Dataset>;
  /** Liveness plus which store this server runs on. */
  health: Health;
  /** One image by id; null when there is none. */
  image: Maybe<Image>;
  /** A page of a dataset's images in import order (Relay connection with keyset cursors). */
  images: ImageConnection;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryDatasetArgs = {
  name: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryImageArgs = {
  id: Scalars['ID']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type SkippedFile = {
  __typename?: 'SkippedFile';
  file: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AddImageInput: AddImageInput;
  AddImageResult: ResolverTypeWrapper<Omit<AddImageResult, 'image'> & { image: ResolversTypes['Image'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Dataset: ResolverTypeWrapper<DatasetMapperMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Health: ResolverTypeWrapper<Health>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Image: ResolverTypeWrapper<ImageMapperMapper>;
  ImageConnection: ResolverTypeWrapper<Omit<ImageConnection, 'edges'> & { edges: Array<ResolversTypes['ImageEdge']> }>;
  ImageEdge: ResolverTypeWrapper<Omit<ImageEdge, 'node'> & { node: ResolversTypes['Image'] }>;
  ImportFolderInput: ImportFolderInput;
  ImportResult: ResolverTypeWrapper<Omit<ImportResult, 'dataset'> & { dataset?: Maybe<ResolversTypes['Dataset']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SkippedFile: ResolverTypeWrapper<SkippedFile>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AddImageInput: AddImageInput;
  AddImageResult: Omit<AddImageResult, 'image'> & { image: ResolversParentTypes['Image'] };
  Boolean: Scalars['Boolean']['output'];
  Dataset: DatasetMapperMapper;
  DateTime: Scalars['DateTime']['output'];
  Health: Health;
  ID: Scalars['ID']['output'];
  Image: ImageMapperMapper;
  ImageConnection: Omit<ImageConnection, 'edges'> & { edges: Array<ResolversParentTypes['ImageEdge']> };
  ImageEdge: Omit<ImageEdge, 'node'> & { node: ResolversParentTypes['Image'] };
  ImportFolderInput: ImportFolderInput;
  ImportResult: Omit<ImportResult, 'dataset'> & { dataset?: Maybe<ResolversParentTypes['Dataset']> };
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  SkippedFile: SkippedFile;
  String: Scalars['String']['output'];
};

export type ComplexityDirectiveArgs = {
  multipliers?: Maybe<Array<Scalars['String']['input']>>;
  value: Scalars['Int']['input'];
};

export type ComplexityDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = ComplexityDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AddImageResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AddImageResult'] = ResolversParentTypes['AddImageResult']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  images?: Resolver<ResolversTypes['ImageConnection'], ParentType, ContextType, RequireFields<DatasetImagesArgs, 'first'>>;
  maskCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  store?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Image'] = ResolversParentTypes['Image']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hasMask?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  maskUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  thumbnailUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageConnection'] = ResolversParentTypes['ImageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ImageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageEdge'] = ResolversParentTypes['ImageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type ImportResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportResult'] = ResolversParentTypes['ImportResult']> = {
  added?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  alreadyPresent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  skipped?: Resolver<Array<ResolversTypes['SkippedFile']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withMask?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addImage?: Resolver<ResolversTypes['AddImageResult'], ParentType, ContextType, RequireFields<MutationAddImageArgs, 'input'>>;
  importFolder?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportFolderArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'name'>>;
  datasets?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  image?: Resolver<Maybe<ResolversTypes['Image']>, ParentType, ContextType, RequireFields<QueryImageArgs, 'id'>>;
  images?: Resolver<ResolversTypes['ImageConnection'], ParentType, ContextType, RequireFields<QueryImagesArgs, 'dataset' | 'first'>>;
};

export type SkippedFileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SkippedFile'] = ResolversParentTypes['SkippedFile']> = {
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AddImageResult?: AddImageResultResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Health?: HealthResolvers<ContextType>;
  Image?: ImageResolvers<ContextType>;
  ImageConnection?: ImageConnectionResolvers<ContextType>;
  ImageEdge?: ImageEdgeResolvers<ContextType>;
  ImportResult?: ImportResultResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SkippedFile?: SkippedFileResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GraphQLContext> = {
  complexity?: ComplexityDirectiveResolver<any, any, ContextType>;
};
