// The league's 30 team tricodes. Demo data only: nothing outside src/demo depends on them.
export const DEMO_TEAMS: readonly string[] = (
  'ATL BOS BKN CHA CHI CLE DAL DEN DET GSW HOU IND LAC LAL MEM ' +
  'MIA MIL MIN NOP NYK OKC ORL PHI PHX POR SAC SAS TOR UTA WAS'
).split(' ');
