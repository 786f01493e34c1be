namespace Declarative.Generator;

/// <summary>The names of the pipeline steps, so that tests can check what each step cached.</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string AnnotatedFiles = nameof(AnnotatedFiles);
    public const string Models = nameof(Models);
}
