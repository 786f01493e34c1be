namespace Declarative.Generator;

/// <summary>The names of the pipeline steps, so that tests can check what each step cached.</summary>
internal static class TrackingNames
{
    // Steps that carry Roslyn's own objects into the pipeline: they change whenever a file or the compilation does.
    public const string Files = nameof(Files);
    public const string Environment = nameof(Environment);
    public const string CompilationHandle = nameof(CompilationHandle);
    public const string FileInputs = nameof(FileInputs);

    // Steps that produce the generator's models: after an edit that changes nothing they read, Cached or Unchanged.
    public const string Declarations = nameof(Declarations);
    public const string ShapeComments = nameof(ShapeComments);
    public const string FileSpecs = nameof(FileSpecs);
    public const string ModelSpecs = nameof(ModelSpecs);
}
