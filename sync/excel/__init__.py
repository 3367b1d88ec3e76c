"""Excel rosters in and out of a store (the store glue over ``forms.roster``): import with its
report and refused rows, export."""
