// Each test runs a whole cluster (Azurite, three silo processes, a gateway process) and measures its timing; two at
// once on a small CI machine starve each other's membership probes and reminders, so they take turns.
[assembly: Xunit.CollectionBehavior(Xunit.CollectionBehavior.CollectionPerAssembly)]
