using Declarative.Generator.Emitter;
using Declarative.Generator.Model;
using Declarative.Generator.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generator;

/// <summary>
/// Generates, for each partial TorchSharp model with <c>[Shared]</c> or <c>[Tied]</c> fields, the code that makes
/// the sharing real and computes the tying penalty. Parser -> Model -> Emitter; every step is named for tests.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeclarativeGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var sharedFields = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.SharedAttribute,
                static (node, _) => node is VariableDeclaratorSyntax,
                static (context, cancellationToken) => FieldParser.Parse(context, cancellationToken))
            .Where(static field => field is not null)
            .Select(static (field, _) => field!)
            .WithTrackingName(TrackingNames.SharedFields);

        var tiedFields = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.TiedAttribute,
                static (node, _) => node is VariableDeclaratorSyntax,
                static (context, cancellationToken) => FieldParser.Parse(context, cancellationToken))
            .Where(static field => field is not null)
            .Select(static (field, _) => field!)
            .WithTrackingName(TrackingNames.TiedFields);

        var models = sharedFields.Collect()
            .Combine(tiedFields.Collect())
            .SelectMany(static (fields, cancellationToken) => ModelBuilder.Build(fields.Left, fields.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Models);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.Type.HintName, ModelEmitter.Emit(model)));
    }
}
