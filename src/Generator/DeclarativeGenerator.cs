using Declarative.Generator.Emitter;
using Declarative.Generator.Incremental;
using Declarative.Generator.Model;
using Declarative.Generator.Parser;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator;

/// <summary>
/// Generates, for each partial TorchSharp model with <c>[Shared]</c> or <c>[Tied]</c> fields, the code that makes
/// the sharing real and computes the tying penalty. Parser -> Model -> Emitter; every step is named for tests.
/// </summary>
/// <remarks>
/// The parser runs per file and binds, so on every keystroke it must run only where its result can change: where
/// code its shape inference read changed (a constructor, in the file or another one), and everywhere when a
/// declaration changed. An edit inside <c>forward</c> parses nothing again. Roslyn's attribute matching would bind
/// every annotated field of the compilation again after any edit; <see cref="FileInput.Comparer"/> is what spares that.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class DeclarativeGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A file an edit did not touch is the same SyntaxTree object in the next compilation, so the steps below run
        // again only for the files that changed.
        var files = context.CompilationProvider
            .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
            .WithTrackingName(TrackingNames.Files);

        var shapeComments = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => BuildSettings.ShapeComments(options.GlobalOptions))
            .WithTrackingName(TrackingNames.ShapeComments);

        var environment = files
            .Select(static (file, cancellationToken) => FileDeclarations.Of(file, cancellationToken))
            .WithTrackingName(TrackingNames.Declarations)
            .Collect()
            .Combine(context.CompilationProvider)
            .Combine(shapeComments)
            .Select(static (input, _) => new DeclarationEnvironment(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Environment);

        var compilationHandle = context.CompilationProvider
            .Select(static (compilation, _) => new System.WeakReference<Compilation>(compilation))
            .WithTrackingName(TrackingNames.CompilationHandle);

        var annotatedFiles = files
            .Combine(environment.Combine(compilationHandle))
            .Select(static (input, _) => new FileInput(input.Left, input.Right.Left, input.Right.Right))
            .WithComparer(FileInput.Comparer)
            .WithTrackingName(TrackingNames.FileInputs)
            .Select(static (input, cancellationToken) => FileParser.Parse(input, cancellationToken))
            .WithTrackingName(TrackingNames.FileSpecs);

        var models = annotatedFiles.Collect()
            .SelectMany(static (files, cancellationToken) => ModelBuilder.Build(files, cancellationToken))
            .WithTrackingName(TrackingNames.ModelSpecs);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.Type.HintName, ModelEmitter.Emit(model)));
    }
}
